package dev.vigil.crypto;

import dev.vigil.spec.Bytes32;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import supranational.blst.P1;
import supranational.blst.SecretKey;

/**
 * A BLS secret key: an integer in [1, r) held in native memory. Its public key is computed on first
 * use and then kept: a signer loading ten thousand sealed keys (whose public keys it already knows)
 * should not pay a G1 multiplication per key before it can serve. {@link #destroy()} overwrites the native copy; the secret never
 * appears in {@link #toString()}.
 */
public final class BlsSecretKey implements AutoCloseable {
  /** The order r of the BLS12-381 subgroups. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  private static final byte[] CURVE_ORDER_BYTES = toBytes32(CURVE_ORDER);

  private final SecretKey secret;
  private volatile BlsPublicKey publicKey;
  private volatile boolean destroyed;

  private BlsSecretKey(SecretKey secret) {
    this.secret = secret;
  }

  /**
   * From 32 bytes big endian; refuses 0 and values >= r. The caller keeps (and should wipe) its
   * array; no copy of it is retained.
   */
  public static BlsSecretKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException(
          "secret key: expected 32 bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    if (isZero(bytes)) {
      throw new IllegalArgumentException("secret key: must not be zero");
    }
    if (Arrays.compareUnsigned(bytes, CURVE_ORDER_BYTES) >= 0) {
      throw new IllegalArgumentException("secret key: must be less than the curve order r");
    }
    SecretKey secret = new SecretKey();
    secret.from_bendian(bytes);
    return new BlsSecretKey(secret);
  }

  /** From an integer in [1, r), as EIP-2333 derivation produces it. */
  public static BlsSecretKey fromInteger(BigInteger value) {
    if (value.signum() <= 0 || value.compareTo(CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("secret key: must be in [1, r)");
    }
    byte[] bytes = toBytes32(value);
    try {
      return fromBytes(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * A fresh key, uniform modulo r: EIP-2333 derive_master_SK over 32 bytes from {@code random}
   * (HKDF_mod_r never yields 0).
   */
  public static BlsSecretKey generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    try {
      return fromInteger(Eip2333.deriveMasterSk(seed));
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** SkToPk, computed once (concurrent first callers may both compute it; the result is the same). */
  public BlsPublicKey publicKey() {
    BlsPublicKey key = publicKey;
    if (key == null) {
      checkNotDestroyed();
      key = BlsPublicKey.fromPoint(new P1(secret).to_affine());
      publicKey = key;
    }
    return key;
  }

  /** Sign(SK, message). */
  public BlsSignature sign(byte[] message) {
    return sign(MessagePoint.of(message));
  }

  /** Sign(SK, message) for a message already hashed to the curve: SK × Q. */
  public BlsSignature sign(MessagePoint message) {
    checkNotDestroyed();
    BlsSignature signature = BlsSignature.fromPoint(message.copy().sign_with(secret).to_affine());
    // A concurrent destroy() may have zeroed the secret mid-signature; never return that result.
    checkNotDestroyed();
    return signature;
  }

  /** Sign a signing root (compute_signing_root's output). */
  public BlsSignature sign(Bytes32 signingRoot) {
    return sign(signingRoot.toArray());
  }

  /** The secret as 32 bytes big endian, for sealing and keystores; the caller must wipe it. */
  public byte[] toBytes() {
    checkNotDestroyed();
    return secret.to_bendian();
  }

  /** Overwrites the secret in native memory; the key can no longer sign. */
  public void destroy() {
    destroyed = true;
    secret.from_bendian(new byte[32]);
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "BlsSecretKey[publicKey=" + (publicKey == null ? "not yet derived" : publicKey) + (destroyed ? ", destroyed" : "") + "]";
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("secret key " + (publicKey == null ? "" : "for " + publicKey + " ") + "has been destroyed");
    }
  }

  private static boolean isZero(byte[] bytes) {
    int bits = 0;
    for (byte b : bytes) {
      bits |= b;
    }
    return bits == 0;
  }

  /** I2OSP(value, 32) for 0 <= value < 2^256. */
  static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }
}
