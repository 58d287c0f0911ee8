package dev.vigil.signer;

import dev.vigil.keys.Aes256Gcm;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The cryptography of key migration: X25519 (RFC 7748, raw 32-byte little-endian public keys),
 * HKDF-SHA256 over the shared secret with a Vigil label and the transcript, AES-256-GCM per key
 * with the BLS public key as associated data.
 */
final class MigrationCrypto {
  static final String VERSION = "vigil/migrate/v1";
  private static final byte[] OFFER_LABEL = VERSION.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENDER_LABEL = (VERSION + "/sender").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSCRIPT_LABEL = (VERSION + "/transcript").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_LABEL = (VERSION + "/key").getBytes(StandardCharsets.US_ASCII);
  private static final int SECRET_SIZE = 32;
  /** Bytes of one sealed secret: nonce ‖ ciphertext ‖ tag. */
  static final int SEALED_SIZE = Aes256Gcm.NONCE_SIZE + SECRET_SIZE + Aes256Gcm.TAG_SIZE;

  private MigrationCrypto() {}

  static KeyPair generateKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
      generator.initialize(NamedParameterSpec.X25519, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /** The RFC 7748 encoding of an X25519 public key: u, 32 bytes little-endian. */
  static Bytes32 rawPublicKey(PublicKey key) {
    byte[] bigEndian = ((XECPublicKey) key).getU().toByteArray();
    byte[] raw = new byte[Bytes32.SIZE];
    for (int i = 0; i < Math.min(bigEndian.length, Bytes32.SIZE); i++) {
      raw[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return new Bytes32(raw);
  }

  /** The shared secret of X25519; refuses a peer key whose result is all zero (a small-order point). */
  static byte[] agree(PrivateKey own, Bytes32 peer, String field) {
    byte[] raw = peer.toArray();
    if ((raw[Bytes32.SIZE - 1] & 0x80) != 0) {
      throw new IllegalArgumentException(field + ": not a canonical X25519 public key (top bit set)");
    }
    byte[] bigEndian = new byte[Bytes32.SIZE];
    for (int i = 0; i < Bytes32.SIZE; i++) {
      bigEndian[i] = raw[Bytes32.SIZE - 1 - i];
    }
    try {
      PublicKey peerKey = KeyFactory.getInstance("X25519")
          .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(own);
      agreement.doPhase(peerKey, true);
      return agreement.generateSecret();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(field + ": unusable X25519 public key: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /** SHA-256("vigil/migrate/v1" ‖ ephemeral public key ‖ nonce) ‖ nonce: what the offer's evidence binds. */
  static byte[] offerReportData(Bytes32 publicKey, Bytes32 nonce) {
    return reportData(OFFER_LABEL, publicKey, nonce);
  }

  /**
   * SHA-256("vigil/migrate/v1/sender" ‖ offer's public key ‖ nonce) ‖ nonce: the report data of the
   * evidence a sender in a TEE takes of itself; its own label keeps it from passing as an offer.
   */
  static byte[] senderReportData(Bytes32 offerPublicKey, Bytes32 nonce) {
    return reportData(SENDER_LABEL, offerPublicKey, nonce);
  }

  /** SHA-256(label ‖ public key ‖ nonce) ‖ nonce: what evidence of an ephemeral key binds (also freshness sessions). */
  static byte[] reportData(byte[] label, Bytes32 publicKey, Bytes32 nonce) {
    MessageDigest sha256 = sha256();
    sha256.update(label);
    sha256.update(publicKey.toArray());
    sha256.update(nonce.toArray());
    byte[] reportData = Arrays.copyOf(sha256.digest(), 64);
    nonce.copyTo(reportData, 32);
    return reportData;
  }

  /**
   * Everything the package's key depends on: both ephemeral keys, the nonce, the slashing-protection
   * history and the list of keys in order. Altering, dropping or reordering anything makes every key
   * undecryptable.
   */
  static byte[] transcript(
      Bytes32 recipient, Bytes32 sender, Bytes32 nonce, Optional<String> history, List<BLSPubkey> pubkeys) {
    MessageDigest sha256 = sha256();
    sha256.update(TRANSCRIPT_LABEL);
    sha256.update(recipient.toArray());
    sha256.update(sender.toArray());
    sha256.update(nonce.toArray());
    sha256.update((byte) (history.isPresent() ? 1 : 0));
    history.ifPresent(h -> sha256.update(sha256().digest(h.getBytes(StandardCharsets.UTF_8))));
    sha256.update(ByteBuffer.allocate(4).putInt(pubkeys.size()).array());
    pubkeys.forEach(pubkey -> sha256.update(pubkey.toArray()));
    return sha256.digest();
  }

  /** HKDF-SHA256(IKM = shared secret, salt = none, info = "vigil/migrate/v1/key" ‖ transcript) → AES-256 key. */
  static SecretKeySpec packageKey(byte[] sharedSecret, byte[] transcript) {
    byte[] info = Arrays.copyOf(KEY_LABEL, KEY_LABEL.length + transcript.length);
    System.arraycopy(transcript, 0, info, KEY_LABEL.length, transcript.length);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(sharedSecret, null, info));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    Arrays.fill(sharedSecret, (byte) 0);
    return new SecretKeySpec(key, "AES");
  }

  /** AES-256-GCM of a 32-byte secret with the pubkey as associated data: nonce ‖ ciphertext ‖ tag. */
  static byte[] seal(SecretKeySpec key, byte[] secret, BLSPubkey pubkey, SecureRandom random) {
    return Aes256Gcm.seal(key, secret, pubkey.toArray(), random);
  }

  /** Opens what {@link #seal} made; throws when the key, the pubkey or the bytes differ. */
  static byte[] open(SecretKeySpec key, byte[] sealed, BLSPubkey pubkey) throws AEADBadTagException {
    if (sealed.length != SEALED_SIZE) {
      throw new AEADBadTagException("expected " + SEALED_SIZE + " bytes, got " + sealed.length);
    }
    return Aes256Gcm.open(key, sealed, 0, pubkey.toArray());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
