package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** --restart-hold-epochs: blocks and attestations wait N epochs of the host's wall clock after start. */
class RestartHoldTest {
  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void holdsForTheEpochsOfWallClockTime() {
    MovableClock clock = new MovableClock();
    RestartHold hold = new RestartHold(2, 32, clock);
    assertThat(hold.notReadyReason().orElseThrow()).contains("restart hold").contains("768 s left");
    assertThatThrownBy(hold::requireReady).isInstanceOf(FreshnessUnavailableException.class);
    clock.now = clock.now.plus(Duration.ofSeconds(767));
    assertThat(hold.notReadyReason()).isPresent();
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertThat(hold.notReadyReason()).isEmpty();
    hold.requireReady();
  }

  @Test
  void zeroEpochsHoldsNothing() {
    assertThat(new RestartHold(0, 32, new MovableClock()).notReadyReason()).isEmpty();
  }

  @Test
  void negativeEpochsAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> new RestartHold(-1, 32, new MovableClock()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--restart-hold-epochs");
  }
}
