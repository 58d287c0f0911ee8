package dev.vigil.signer;

import dev.vigil.spec.BLSPubkey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a slashable signature waits for besides slashing protection (docs/tee.md section 3): the
 * guard may hold blocks and attestations back at start, and may require each recorded one to be
 * acknowledged before its signature is released.
 */
public interface FreshnessGuard {
  /** Nothing held back, nothing to acknowledge: a signer without witnesses or restart hold. */
  FreshnessGuard NONE = new FreshnessGuard() {
    @Override
    public Optional<String> notReadyReason() {
      return Optional.empty();
    }

    @Override
    public CompletableFuture<Void> acknowledge(BLSPubkey pubkey, SlashableData data) {
      return CompletableFuture.completedFuture(null);
    }
  };

  /** Why blocks and attestations are refused at the moment, or empty when they may be signed. */
  Optional<String> notReadyReason();

  /** Throws {@link FreshnessUnavailableException} while {@link #notReadyReason} is present. */
  default void requireReady() {
    Optional<String> reason = notReadyReason();
    if (reason.isPresent()) {
      throw new FreshnessUnavailableException(reason.get());
    }
  }

  /**
   * Completes once a recorded block or attestation may be released (exceptionally with
   * {@link FreshnessUnavailableException} when it may not).
   */
  CompletableFuture<Void> acknowledge(BLSPubkey pubkey, SlashableData data);
}
