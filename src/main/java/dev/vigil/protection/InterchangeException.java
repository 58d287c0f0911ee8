package dev.vigil.protection;

/** An interchange file that cannot be imported; the message says why. Nothing was imported. */
public final class InterchangeException extends RuntimeException {
  public InterchangeException(String message) {
    super(message);
  }

  public InterchangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
