package dev.vigil.signer;

import dev.vigil.attestation.Verdict;
import java.util.Optional;

/** A migration step refused for a named reason; nothing was exported or imported. */
public final class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The receiver's evidence failed verification (see {@link #verdict()}). */
    EVIDENCE_REFUSED,
    /** Sender and receiver protect different chains: the receiver could not import the history. */
    CHAIN_MISMATCH,
    /** Keys and history together exceed what the receiver accepts in one request. */
    PACKAGE_TOO_LARGE,
    /** The receiver holds too many unused offers. */
    TOO_MANY_OFFERS,
    /** The package is for no offer this signer holds: already imported, or the signer restarted. */
    UNKNOWN_OFFER,
    /** The package does not decrypt or its keys do not match their secrets: altered or forged. */
    PACKAGE_REFUSED,
    /** The receiver's slashing protection refused the package's history. */
    HISTORY_REFUSED,
    /** This signer has no TEE and its operator did not start it with {@code --allow-insecure-migration}. */
    INSECURE_MIGRATION_DISABLED,
    /** The offer is past its expiry: the sender no longer exports to it, or the receiver dropped it. */
    OFFER_EXPIRED,
    /** The receiver's evidence does not measure the code that would hold the keys (an Azure confidential VM). */
    UNMEASURED_RECEIVER
  }

  private final Reason reason;
  private final transient Verdict verdict;

  MigrationException(Reason reason, String message) {
    this(reason, message, null);
  }

  MigrationException(Reason reason, String message, Verdict verdict) {
    super(message);
    this.reason = reason;
    this.verdict = verdict;
  }

  public Reason reason() {
    return reason;
  }

  /** The verifier's verdict, for {@link Reason#EVIDENCE_REFUSED}. */
  public Optional<Verdict> verdict() {
    return Optional.ofNullable(verdict);
  }
}
