package dev.vigil.crypto;

import dev.vigil.crypto.InvalidPointException.Reason;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/** Decodes compressed G1/G2 points with jblst, mapping its errors onto {@link Reason}s. */
final class Points {
  private Points() {}

  /** A compressed G1 point, on the curve and in the subgroup; infinity is left to the caller. */
  static P1_Affine decodeG1(String what, byte[] compressed) {
    checkLength(what, compressed, 48);
    P1_Affine point;
    try {
      point = new P1_Affine(compressed);
    } catch (RuntimeException e) {
      throw new InvalidPointException(what, reasonOf(e));
    }
    if (!point.in_group()) {
      throw new InvalidPointException(what, Reason.NOT_IN_SUBGROUP);
    }
    return point;
  }

  /** A compressed G2 point, on the curve and in the subgroup (infinity allowed). */
  static P2_Affine decodeG2(String what, byte[] compressed) {
    checkLength(what, compressed, 96);
    P2_Affine point;
    try {
      point = new P2_Affine(compressed);
    } catch (RuntimeException e) {
      throw new InvalidPointException(what, reasonOf(e));
    }
    if (!point.in_group()) {
      throw new InvalidPointException(what, Reason.NOT_IN_SUBGROUP);
    }
    return point;
  }

  private static void checkLength(String what, byte[] bytes, int length) {
    if (bytes == null || bytes.length != length) {
      throw new InvalidPointException(what, Reason.WRONG_LENGTH);
    }
  }

  // jblst reports BLST_ERROR only as the message of a RuntimeException.
  private static Reason reasonOf(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("not on curve")) {
      return Reason.NOT_ON_CURVE;
    }
    if (message.contains("not in group")) {
      return Reason.NOT_IN_SUBGROUP;
    }
    return Reason.BAD_ENCODING;
  }
}
