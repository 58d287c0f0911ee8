package dev.vigil.keys;

import java.nio.file.Path;

/** A sealed key file that did not unseal, with why, for the start log and /healthcheck. */
public record LoadFailure(Path file, Reason reason, String message) {

  /** Why a sealed key file did not unseal. */
  public enum Reason {
    /** The file could not be read. */
    UNREADABLE,
    /** The file name is not {@code <pubkey hex>.sealed}. */
    BAD_FILE_NAME,
    /** Not a sealed key file, a format this version does not know, or truncated. */
    UNKNOWN_FORMAT,
    /** The public key sealed in the file is not the one its name says (renamed or copied). */
    PUBKEY_MISMATCH,
    /** Sealed with another provider or policy than the data dir. */
    OTHER_SEALING,
    /** Authentication failed: the file was altered, or sealed under another key-encryption key. */
    DAMAGED
  }
}
