package dev.vigil.attestation;

/** The TEE interface could not produce evidence; the message says what is missing or wrong. */
public final class AttestationException extends RuntimeException {
  public AttestationException(String message) {
    super(message);
  }

  public AttestationException(String message, Throwable cause) {
    super(message, cause);
  }
}
