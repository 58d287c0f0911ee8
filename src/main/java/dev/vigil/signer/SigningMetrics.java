package dev.vigil.signer;

import dev.vigil.crypto.RecentMessagePoints;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/** Prometheus metrics of the signing path. */
public final class SigningMetrics {
  private final Counter signings;
  private final Histogram signingLatency;
  private final Histogram protectionLatency;
  private final PrometheusRegistry registry;

  public SigningMetrics(PrometheusRegistry registry, IntSupplier keysLoaded) {
    this.registry = registry;
    signings =
        Counter.builder()
            .name("vigil_signings_total")
            .help("Signing requests by type and outcome (signed, refused, unavailable, unknown_key)")
            .labelNames("type", "outcome")
            .register(registry);
    signingLatency =
        Histogram.builder()
            .name("vigil_signing_seconds")
            .help("Time from accepting a signing request to its signature, by type")
            .labelNames("type")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);
    protectionLatency =
        Histogram.builder()
            .name("vigil_slashing_protection_seconds")
            .help("Time of one slashing-protection check-and-record (durable commit included)")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_keys_loaded")
        .help("Keys loaded and available for signing")
        .callback(callback -> callback.call(keysLoaded.getAsInt()))
        .register(registry);
  }

  /** Metrics that go nowhere, for tests and tools that do not export them. */
  public static SigningMetrics unregistered(IntSupplier keysLoaded) {
    return new SigningMetrics(new PrometheusRegistry(), keysLoaded);
  }

  /** Exports how often a signature reused the curve point of a message another key had just signed. */
  void reportMessagePoints(RecentMessagePoints points) {
    CounterWithCallback.builder()
        .name("vigil_message_points_total")
        .help("Messages hashed to the curve for signing, by whether the point was reused (another key had just signed the same message) or computed")
        .labelNames("source")
        .callback(callback -> {
          callback.call(points.hits(), "reused");
          callback.call(points.misses(), "computed");
        })
        .register(registry);
  }

  void outcome(ArtifactType type, String outcome) {
    signings.labelValues(type.name(), outcome).inc();
  }

  void signed(ArtifactType type, long nanos) {
    outcome(type, "signed");
    signingLatency.labelValues(type.name()).observe(nanos / 1e9);
  }

  void protectionTook(long nanos) {
    protectionLatency.observe(nanos / 1e9);
  }
}
