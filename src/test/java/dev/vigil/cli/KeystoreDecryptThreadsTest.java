package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeystoreDecryptThreadsTest {
  @ParameterizedTest(name = "{0} cores, {1} MiB heap -> {2} threads")
  @CsvSource({"2, 6144, 2", "64, 2048, 6", "8, 100, 1", "1, 16384, 1"})
  void oneThreadPerCoreWithinTheHeap(int cores, long heapMib, int threads) {
    assertThat(VigilService.keystoreDecryptThreads(cores, heapMib << 20)).isEqualTo(threads);
  }
}
