package dev.vigil.crypto;

import dev.vigil.spec.BLSSignature;
import supranational.blst.P2_Affine;

/**
 * A BLS signature that deserialises to a G2 point in the subgroup. The point at infinity is a
 * valid encoding; it simply never verifies against a valid public key.
 */
public final class BlsSignature {
  private final P2_Affine point;
  private final BLSSignature bytes;

  private BlsSignature(P2_Affine point, BLSSignature bytes) {
    this.point = point;
    this.bytes = bytes;
  }

  /** Throws {@link InvalidPointException} naming the failed check. */
  public static BlsSignature fromBytes(BLSSignature bytes) {
    return new BlsSignature(Points.decodeG2("signature", bytes.toArray()), bytes);
  }

  /** For 96 raw bytes; throws {@link InvalidPointException}. */
  public static BlsSignature fromBytes(byte[] bytes) {
    P2_Affine point = Points.decodeG2("signature", bytes);
    return new BlsSignature(point, new BLSSignature(bytes));
  }

  /** Already valid: computed inside this package. */
  static BlsSignature fromPoint(P2_Affine point) {
    return new BlsSignature(point, new BLSSignature(point.compress()));
  }

  public BLSSignature toBytes() {
    return bytes;
  }

  P2_Affine point() {
    return point;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlsSignature && ((BlsSignature) other).bytes.equals(bytes);
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
