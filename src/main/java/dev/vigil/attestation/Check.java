package dev.vigil.attestation;

import java.util.Locale;

/** One verification step and its outcome; {@code reason} says why in words an operator can act on. */
public record Check(String name, Status status, String reason) {
  public enum Status {
    PASS,
    FAIL,
    /** Not decidable from what was given (no collateral, no expected value): not a failure. */
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static Check pass(String name, String reason) {
    return new Check(name, Status.PASS, reason);
  }

  public static Check fail(String name, String reason) {
    return new Check(name, Status.FAIL, reason);
  }

  public static Check unknown(String name, String reason) {
    return new Check(name, Status.UNKNOWN, reason);
  }

  public static Check of(String name, boolean passed, String passReason, String failReason) {
    return passed ? pass(name, passReason) : fail(name, failReason);
  }
}
