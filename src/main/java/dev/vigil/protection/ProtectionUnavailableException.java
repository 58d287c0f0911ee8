package dev.vigil.protection;

/** The store could not answer or commit; nothing was recorded and nothing may be signed. */
public final class ProtectionUnavailableException extends RuntimeException {
  public ProtectionUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
