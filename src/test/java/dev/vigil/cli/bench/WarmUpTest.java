package dev.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFixedWarmUpEndsAfterItsSeconds() {
    WarmUp warmUp = WarmUp.fixed(2);
    assertThat(warmUp.isOver(0, SECOND)).isFalse();
    assertThat(warmUp.isOver(0, 2 * SECOND)).isTrue();
    assertThat(warmUp.compilerWasQuiet()).isFalse();
    assertThat(WarmUp.fixed(0).isOver(5, 5)).isTrue();
  }

  @Test
  void endsOnceTheCompilerWasQuietForAWholeWindowAfterTheMinimum() {
    AtomicLong compiled = new AtomicLong();
    WarmUp warmUp = new WarmUp(5, 120, compiled::get);
    long now = 0;
    for (; now <= 20 * SECOND; now += SECOND) {
      compiled.addAndGet(400); // busy compiling: 40 % of a core
      assertThat(warmUp.isOver(0, now)).as("at %d s", now / SECOND).isFalse();
    }
    // From here on the compiler works 5 ms a second: under 1 % of a core.
    int checks = 0;
    while (!warmUp.isOver(0, now)) {
      compiled.addAndGet(5);
      now += SECOND;
      checks++;
    }
    assertThat(checks).isBetween(3, 7);
    assertThat(warmUp.compilerWasQuiet()).isTrue();
  }

  @Test
  void neverEndsBeforeTheMinimumAndAlwaysAtTheMaximum() {
    WarmUp quiet = new WarmUp(10, 30, () -> 0);
    assertThat(quiet.isOver(0, 0)).isFalse();
    assertThat(quiet.isOver(0, 4 * SECOND)).isFalse();
    assertThat(quiet.isOver(0, 9 * SECOND)).isFalse();
    assertThat(quiet.isOver(0, 10 * SECOND)).isTrue();

    AtomicLong compiled = new AtomicLong();
    WarmUp busy = new WarmUp(10, 30, compiled::get);
    for (long now = 0; now < 30 * SECOND; now += SECOND) {
      compiled.addAndGet(500);
      assertThat(busy.isOver(0, now)).isFalse();
    }
    assertThat(busy.isOver(0, 30 * SECOND)).isTrue();
    assertThat(busy.compilerWasQuiet()).isFalse();
  }

  @Test
  void refusesAMaximumBelowTheMinimum() {
    assertThatThrownBy(() -> new WarmUp(10, 5, () -> 0)).hasMessageContaining("minimum <= maximum");
    assertThatThrownBy(() -> WarmUp.fixed(-1)).hasMessageContaining("warm-up");
  }
}
