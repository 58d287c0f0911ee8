package dev.vigil.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** EIP-2333 BLS12-381 key derivation; method names follow the EIP's functions. */
public final class Eip2333 {
  /** Number of Lamport chunks (255, HKDF-SHA256's output limit in blocks). */
  public static final int LAMPORT_CHUNKS = 255;

  private static final int CHUNK = 32;
  private static final int HKDF_MOD_R_LENGTH = 48;
  private static final byte[] KEYGEN_SALT = "BLS-SIG-KEYGEN-SALT-".getBytes(StandardCharsets.US_ASCII);

  private Eip2333() {}

  /** derive_master_SK(seed); the seed must have at least 32 bytes. */
  public static BigInteger deriveMasterSk(byte[] seed) {
    if (seed.length < 32) {
      throw new IllegalArgumentException("seed: must be at least 32 bytes, got " + seed.length);
    }
    return hkdfModR(seed, new byte[0]);
  }

  /** derive_child_SK(parent_SK, index); index is a uint32. */
  public static BigInteger deriveChildSk(BigInteger parentSk, long index) {
    return hkdfModR(parentSkToLamportPk(parentSk, index), new byte[0]);
  }

  /** parent_SK_to_lamport_PK(parent_SK, index): the compressed Lamport public key. */
  public static byte[] parentSkToLamportPk(BigInteger parentSk, long index) {
    if (index < 0 || index > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("index: must be a uint32, got " + index);
    }
    if (parentSk.signum() < 0 || parentSk.bitLength() > 256) {
      throw new IllegalArgumentException("parent_SK: must fit in 32 bytes");
    }
    byte[] salt = {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
    byte[] ikm = BlsSecretKey.toBytes32(parentSk);
    byte[] notIkm = new byte[ikm.length];
    for (int i = 0; i < ikm.length; i++) {
      notIkm[i] = (byte) ~ikm[i];
    }
    MessageDigest sha256 = sha256();
    byte[] lamportPk = new byte[2 * LAMPORT_CHUNKS * CHUNK];
    int offset = 0;
    for (byte[] lamportSk : new byte[][] {lamportSk(ikm, salt), lamportSk(notIkm, salt)}) {
      for (int i = 0; i < LAMPORT_CHUNKS; i++) {
        sha256.update(lamportSk, i * CHUNK, CHUNK);
        System.arraycopy(sha256.digest(), 0, lamportPk, offset, CHUNK);
        offset += CHUNK;
      }
      Arrays.fill(lamportSk, (byte) 0);
    }
    Arrays.fill(ikm, (byte) 0);
    Arrays.fill(notIkm, (byte) 0);
    return sha256.digest(lamportPk);
  }

  /** IKM_to_lamport_SK(IKM, salt) as its 255 chunks of 32 bytes. */
  public static byte[][] ikmToLamportSk(byte[] ikm, byte[] salt) {
    byte[] okm = lamportSk(ikm, salt);
    byte[][] chunks = new byte[LAMPORT_CHUNKS][];
    for (int i = 0; i < LAMPORT_CHUNKS; i++) {
      chunks[i] = Arrays.copyOfRange(okm, i * CHUNK, (i + 1) * CHUNK);
    }
    return chunks;
  }

  /** HKDF_mod_r(IKM, key_info). */
  public static BigInteger hkdfModR(byte[] ikm, byte[] keyInfo) {
    MessageDigest sha256 = sha256();
    byte[] ikmZero = Arrays.copyOf(ikm, ikm.length + 1); // IKM || I2OSP(0, 1)
    byte[] info = Arrays.copyOf(keyInfo, keyInfo.length + 2); // key_info || I2OSP(L, 2)
    info[info.length - 1] = HKDF_MOD_R_LENGTH;
    byte[] salt = KEYGEN_SALT;
    BigInteger sk = BigInteger.ZERO;
    while (sk.signum() == 0) {
      salt = sha256.digest(salt);
      byte[] okm = hkdfExpand(hkdfExtract(salt, ikmZero), info, HKDF_MOD_R_LENGTH);
      sk = new BigInteger(1, okm).mod(BlsSecretKey.CURVE_ORDER);
      Arrays.fill(okm, (byte) 0);
    }
    Arrays.fill(ikmZero, (byte) 0);
    return sk;
  }

  /** The concatenated Lamport secret chunks: HKDF-Expand(HKDF-Extract(salt, IKM), "", 255*32). */
  private static byte[] lamportSk(byte[] ikm, byte[] salt) {
    return hkdfExpand(hkdfExtract(salt, ikm), new byte[0], LAMPORT_CHUNKS * CHUNK);
  }

  private static byte[] hkdfExtract(byte[] salt, byte[] ikm) {
    return hmac(salt).doFinal(ikm);
  }

  private static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
    Mac mac = hmac(prk);
    byte[] okm = new byte[length];
    byte[] block = new byte[0];
    for (int offset = 0, counter = 1; offset < length; offset += block.length, counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      block = mac.doFinal();
      System.arraycopy(block, 0, okm, offset, Math.min(block.length, length - offset));
    }
    return okm;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
