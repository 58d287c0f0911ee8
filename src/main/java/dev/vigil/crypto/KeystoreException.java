package dev.vigil.crypto;

/**
 * An EIP-2335 keystore that cannot be used: damaged or unsupported (the message names the field),
 * a wrong password, or a secret that does not match the keystore's public key.
 */
public final class KeystoreException extends IllegalArgumentException {
  /** Why the keystore was refused. */
  public enum Reason {
    MALFORMED_JSON,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    UNSUPPORTED_VERSION,
    UNSUPPORTED_FUNCTION,
    INVALID_VALUE,
    WRONG_PASSWORD,
    INVALID_SECRET,
    PUBKEY_MISMATCH
  }

  private final Reason reason;
  private final String field;

  KeystoreException(Reason reason, String field, String message) {
    super(field.isEmpty() ? message : field + ": " + message);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** The JSON path of the offending field ("crypto.kdf.params.dklen"), empty if none. */
  public String field() {
    return field;
  }
}
