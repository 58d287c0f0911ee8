package dev.vigil.attestation;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The 64 bytes a TEE signs for Vigil: SHA-256 over a domain label, what is attested and the nonce,
 * followed by the nonce itself so that a verifier can read the nonce off the quote.
 */
public final class ReportData {
  public static final int SIZE = 64;
  static final byte[] KEYGEN_LABEL = "vigil/keygen/v1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SIGNER_LABEL = "vigil/signer/v1".getBytes(StandardCharsets.US_ASCII);

  private ReportData() {}

  /**
   * SHA-256("vigil/keygen/v1" ‖ pubkey ‖ nonce) ‖ nonce: binds one generated key. The nonce is at
   * most 32 bytes, zero-padded to 32 ({@code null} means none: all zero).
   */
  public static byte[] forKey(BLSPubkey pubkey, byte[] nonce) {
    Bytes32 padded = nonce(nonce);
    MessageDigest sha256 = sha256();
    sha256.update(KEYGEN_LABEL);
    sha256.update(pubkey.toArray());
    sha256.update(padded.toArray());
    return concat(sha256.digest(), padded.toArray());
  }

  /**
   * SHA-256("vigil/signer/v1" ‖ k1 ‖ … ‖ kn ‖ nonce) ‖ nonce, with the distinct public keys in
   * ascending unsigned byte order: binds the exact set of keys a running signer holds.
   */
  public static byte[] forSigner(Collection<BLSPubkey> keys, byte[] nonce) {
    Bytes32 padded = nonce(nonce);
    MessageDigest sha256 = sha256();
    sha256.update(SIGNER_LABEL);
    for (BLSPubkey key : new TreeSet<>(keys)) {
      sha256.update(key.toArray());
    }
    sha256.update(padded.toArray());
    return concat(sha256.digest(), padded.toArray());
  }

  /** A caller's nonce as the 32 bytes carried in report data: zero-padded on the right, zero if absent. */
  public static Bytes32 nonce(byte[] nonce) {
    if (nonce == null) {
      return Bytes32.ZERO;
    }
    if (nonce.length > Bytes32.SIZE) {
      throw new IllegalArgumentException(
          "nonce: at most " + Bytes32.SIZE + " bytes, got " + nonce.length);
    }
    byte[] padded = new byte[Bytes32.SIZE];
    System.arraycopy(nonce, 0, padded, 0, nonce.length);
    return new Bytes32(padded);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
