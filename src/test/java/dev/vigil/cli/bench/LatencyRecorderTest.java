package dev.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void percentilesAreNearestRankInMilliseconds() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 100; i >= 1; i--) {
      recorder.record("ATTESTATION", i * 1_000_000L);
    }

    LatencyRecorder.Percentiles p = recorder.percentiles().get("ATTESTATION");

    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(50.0);
    assertThat(p.p95()).isEqualTo(95.0);
    assertThat(p.p99()).isEqualTo(99.0);
    assertThat(p.max()).isEqualTo(100.0);
  }
}
