package dev.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.cli.bench.RawBlsThroughput.Rate;
import dev.vigil.cli.bench.RawBlsThroughput.Result;
import org.junit.jupiter.api.Test;

class RawBlsThroughputTest {
  private static final Result SIGN_1000_MULTIPLY_2000 = new Result(new Rate(1000, 2e6), new Rate(2000, 1e6));

  @Test
  void theCeilingForALoadMixesBothRatesByTimePerSignature() {
    assertThat(SIGN_1000_MULTIPLY_2000.signaturesPerSecondFor(1)).isCloseTo(1000, within(1e-9));
    assertThat(SIGN_1000_MULTIPLY_2000.signaturesPerSecondFor(0)).isCloseTo(2000, within(1e-9));
    // Half the signatures at 1 ms, half at 0.5 ms: 0.75 ms each on average.
    assertThat(SIGN_1000_MULTIPLY_2000.signaturesPerSecondFor(0.5)).isCloseTo(1000 / 0.75, within(1e-9));
    assertThat(new Result(new Rate(0, 0), new Rate(2000, 1e6)).signaturesPerSecondFor(0.5)).isZero();
  }

  @Test
  void averagingTwoMeasurementsAveragesEachWay() {
    Result averaged = SIGN_1000_MULTIPLY_2000.averagedWith(new Result(new Rate(3000, 4e6), new Rate(4000, 3e6)));
    assertThat(averaged).isEqualTo(new Result(new Rate(2000, 3e6), new Rate(3000, 2e6)));
  }

  @Test
  void measuresBothWaysOnRealKeys() throws InterruptedException {
    Result result = RawBlsThroughput.measure(1, 0.4);
    assertThat(result.sign().signaturesPerSecond()).isPositive();
    assertThat(result.sign().cpuNanosPerSignature()).isPositive();
    assertThat(result.multiplyOnly().signaturesPerSecond()).isPositive();
    assertThat(result.multiplyOnly().cpuNanosPerSignature()).isPositive();
  }
}
