package dev.vigil.keys;

/** The sealed keys of a data dir cannot be opened as configured; the message tells the operator what to do. */
public final class SealingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why opening was refused. */
  public enum Reason {
    /** The derived key-encryption key does not open the data dir (wrong passphrase, other sealing key). */
    WRONG_KEY,
    /** The data dir was sealed with another provider or policy than the one configured. */
    PROVIDER_MISMATCH,
    /** What the provider derives its key from is missing or unreadable. */
    UNAVAILABLE,
    /** The sealing record in the data dir is damaged or of an unknown format. */
    DAMAGED_RECORD
  }

  private final Reason reason;

  public SealingException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public SealingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
