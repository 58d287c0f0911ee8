package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** --restart-hold-epochs: blocks and attestations wait N epochs of the host's wall clock after start. */
class RestartHoldTest {
  @Test
  void holdsForTheEpochsOfWallClockTime() {
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RestartHold hold = new RestartHold(2, 32, clock);
    assertThat(hold.notReadyReason().orElseThrow()).contains("restart hold").contains("768 s left");
    assertThatThrownBy(hold::requireReady).isInstanceOf(FreshnessUnavailableException.class);
    clock.advance(Duration.ofSeconds(767));
    assertThat(hold.notReadyReason()).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(hold.notReadyReason()).isEmpty();
    hold.requireReady();
  }

  @Test
  void zeroEpochsHoldsNothing() {
    assertThat(new RestartHold(0, 32, new MovableClock(Instant.parse("2026-01-01T00:00:00Z"))).notReadyReason()).isEmpty();
  }

  @Test
  void negativeEpochsAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> new RestartHold(-1, 32, new MovableClock(Instant.parse("2026-01-01T00:00:00Z"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--restart-hold-epochs");
  }
}
