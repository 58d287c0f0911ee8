package dev.vigil.crypto;

import dev.vigil.crypto.InvalidPointException.Reason;
import dev.vigil.spec.BLSPubkey;
import supranational.blst.P1_Affine;

/** A BLS public key that passed KeyValidate: on the curve, in the G1 subgroup, not infinity. */
public final class BlsPublicKey {
  private final P1_Affine point;
  private final BLSPubkey bytes;

  private BlsPublicKey(P1_Affine point, BLSPubkey bytes) {
    this.point = point;
    this.bytes = bytes;
  }

  /** KeyValidate(bytes); throws {@link InvalidPointException} naming the failed check. */
  public static BlsPublicKey fromBytes(BLSPubkey bytes) {
    return new BlsPublicKey(decode(bytes.toArray()), bytes);
  }

  /** KeyValidate(bytes) for 48 raw bytes; throws {@link InvalidPointException}. */
  public static BlsPublicKey fromBytes(byte[] bytes) {
    P1_Affine point = decode(bytes);
    return new BlsPublicKey(point, new BLSPubkey(bytes));
  }

  /** Already valid: derived from a secret key inside this package. */
  static BlsPublicKey fromPoint(P1_Affine point) {
    return new BlsPublicKey(point, new BLSPubkey(point.compress()));
  }

  private static P1_Affine decode(byte[] bytes) {
    P1_Affine point = Points.decodeG1("public key", bytes);
    if (point.is_inf()) {
      throw new InvalidPointException("public key", Reason.INFINITY);
    }
    return point;
  }

  public BLSPubkey toBytes() {
    return bytes;
  }

  P1_Affine point() {
    return point;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlsPublicKey && ((BlsPublicKey) other).bytes.equals(bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return bytes.toHexString();
  }
}
