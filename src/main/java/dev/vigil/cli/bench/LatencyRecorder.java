package dev.vigil.cli.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Latencies by request type, kept whole (a bench run holds at most a few million) for exact percentiles. */
public final class LatencyRecorder {
  private final Map<String, Samples> byType = new TreeMap<>();

  /** Percentiles of one type in milliseconds, nearest-rank. */
  public record Percentiles(long count, double p50, double p95, double p99, double max) {}

  private static final class Samples {
    long[] nanos = new long[1024];
    int size;

    void add(long value) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = value;
    }
  }

  public synchronized void record(String type, long nanos) {
    byType.computeIfAbsent(type, t -> new Samples()).add(nanos);
  }

  public synchronized Map<String, Percentiles> percentiles() {
    Map<String, Percentiles> result = new TreeMap<>();
    byType.forEach((type, samples) -> result.put(type, percentiles(Arrays.copyOf(samples.nanos, samples.size))));
    return result;
  }

  static Percentiles percentiles(long[] nanos) {
    Arrays.sort(nanos);
    return new Percentiles(nanos.length, millis(nanos, 0.50), millis(nanos, 0.95), millis(nanos, 0.99), millis(nanos, 1.0));
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    long value = sorted[Math.max(0, rank - 1)];
    return Math.round(value / 1_000.0) / 1_000.0;
  }
}
