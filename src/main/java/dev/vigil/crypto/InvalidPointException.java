package dev.vigil.crypto;

/**
 * Bytes that are not an acceptable BLS12-381 point: a public key that fails KeyValidate or a
 * signature that fails deserialisation. The reason lets callers (and tests) tell the cases apart.
 */
public final class InvalidPointException extends IllegalArgumentException {
  /** Why the bytes were refused, in the order the checks run. */
  public enum Reason {
    WRONG_LENGTH("wrong length"),
    BAD_ENCODING("bad compressed encoding (flags or coordinate >= field modulus)"),
    NOT_ON_CURVE("point is not on the curve"),
    NOT_IN_SUBGROUP("point is not in the prime-order subgroup"),
    INFINITY("point at infinity is not a valid public key");

    private final String description;

    Reason(String description) {
      this.description = description;
    }
  }

  private final Reason reason;

  InvalidPointException(String what, Reason reason) {
    super(what + ": " + reason.description);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
