package dev.vigil.signer;

import dev.vigil.spec.BLSPubkey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code --restart-hold-epochs N}: after start, blocks and attestations are refused for N epochs of
 * wall-clock time (doppelganger-style), so that whatever a rolled-back data dir forgot is at least
 * N epochs old by the time this signer signs again. The clock belongs to the host: a host that
 * rolls back the data dir can move the clock too, which is why witnesses are the real defence.
 */
public final class RestartHold implements FreshnessGuard {
  /** Every supported network has 12-second slots. */
  static final Duration SLOT = Duration.ofSeconds(12);

  private final Clock clock;
  private final Instant until;

  public RestartHold(long epochs, int slotsPerEpoch, Clock clock) {
    if (epochs < 0) {
      throw new IllegalArgumentException("--restart-hold-epochs: must not be negative, got " + epochs);
    }
    this.clock = clock;
    this.until = clock.instant().plus(SLOT.multipliedBy(Math.multiplyExact(epochs, slotsPerEpoch)));
  }

  public Instant until() {
    return until;
  }

  @Override
  public Optional<String> notReadyReason() {
    Instant now = clock.instant();
    if (!now.isBefore(until)) {
      return Optional.empty();
    }
    return Optional.of("restart hold: blocks and attestations are refused until " + until + " ("
        + Duration.between(now, until).toSeconds() + " s left, --restart-hold-epochs)");
  }

  @Override
  public CompletableFuture<Void> acknowledge(BLSPubkey pubkey, SlashableData data) {
    return CompletableFuture.completedFuture(null);
  }
}
