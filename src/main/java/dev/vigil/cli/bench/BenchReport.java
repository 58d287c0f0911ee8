package dev.vigil.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of {@code vigil bench}: Vigil's throughput and latencies beside the raw BLS ceiling. */
public record BenchReport(
    String target,
    boolean inProcess,
    String store,
    int validators,
    int cores,
    String speedUp,
    int connections,
    RawBlsThroughput.Result raw,
    DutyReplay.Result replay) {

  /** Signatures per slot that N validators need at real time (see {@link DutySchedule}). */
  static double signaturesPerSlot(double validators) {
    double sync = Math.min(validators, DutySchedule.SYNC_COMMITTEE_SIZE);
    double attesters = validators / DutySchedule.SLOTS_PER_EPOCH;
    return 2 + attesters * (1 + 2.0 / DutySchedule.AGGREGATOR_MODULO) + sync * (2 + 1.0 / DutySchedule.SYNC_AGGREGATOR_MODULO);
  }

  /** The most validators (beyond a full sync committee) whose duties, at real time, the measured throughput covers. */
  long validatorsSustainable() {
    double perSlot = replay.signaturesPerSecond() * DutyReplay.SECONDS_PER_SLOT;
    double fixed = signaturesPerSlot(0) + DutySchedule.SYNC_COMMITTEE_SIZE * (2 + 1.0 / DutySchedule.SYNC_AGGREGATOR_MODULO);
    double perValidator = (1 + 2.0 / DutySchedule.AGGREGATOR_MODULO) / DutySchedule.SLOTS_PER_EPOCH;
    return Math.max(0, (long) ((perSlot - fixed) / perValidator));
  }

  double ratio() {
    return raw.signaturesPerSecond() > 0 ? replay.signaturesPerSecond() / raw.signaturesPerSecond() : 0;
  }

  /** The time the largest attestation burst takes on {@code cores} cores signing at the raw rate. */
  double idealBurstDrainMillis() {
    return raw.signaturesPerSecond() > 0 ? replay.largestAttestationBurst() / raw.signaturesPerSecond() * 1000 : 0;
  }

  /**
   * The same drain from CPU time instead of the raw rate: what {@code cores} cores of its own would
   * take. Independent of other load on the machine, which slows the raw measurement too.
   */
  double idealBurstDrainCpuMillis() {
    return replay.largestAttestationBurst() * raw.cpuNanosPerSignature() / cores / 1e6;
  }

  private double perSignatureMicros(long nanos) {
    return replay.signatures() > 0 ? nanos / 1000.0 / replay.signatures() : 0;
  }

  /**
   * CPU per signature of the signer alone (the process minus the load generator's threads): unlike
   * throughput it does not depend on what else the machine runs meanwhile.
   */
  double signerCpuMicros() {
    return perSignatureMicros(replay.processCpuNanos() - replay.loadGeneratorCpuNanos());
  }

  /** The contract's JSON object (DESIGN.md section 6), plus details. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", target);
    json.put("store", store);
    json.put("validators", validators);
    json.put("cores", cores);
    json.put("speed_up", speedUp);
    json.put("connections", connections);
    json.put("seconds", round(replay.seconds()));
    json.put("slots", replay.slots());
    json.put("signatures", replay.signatures());
    json.put("signatures_per_second", round(replay.signaturesPerSecond()));
    json.put("raw_bls_signatures_per_second", round(raw.signaturesPerSecond()));
    json.put("ratio", Math.round(ratio() * 1000) / 1000.0);
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("raw_bls_us_per_signature", round(raw.cpuNanosPerSignature() / 1000));
    cpu.put("process_us_per_signature", round(perSignatureMicros(replay.processCpuNanos())));
    cpu.put("load_generator_us_per_signature", round(perSignatureMicros(replay.loadGeneratorCpuNanos())));
    // An external signer's CPU is not in this process.
    if (inProcess) {
      cpu.put("signer_us_per_signature", round(signerCpuMicros()));
      cpu.put("raw_over_signer", signerCpuMicros() > 0 ? Math.round(raw.cpuNanosPerSignature() / 1000 / signerCpuMicros() * 1000) / 1000.0 : 0);
    }
    json.put("cpu", cpu);
    json.put("refusals", replay.refusals());
    json.put("errors", replay.errors());
    if (!replay.errorsByStatus().isEmpty()) {
      json.put("errors_by_status", replay.errorsByStatus());
    }
    if (!replay.errorSamples().isEmpty()) {
      json.put("error_samples", replay.errorSamples());
    }
    Map<String, Object> burst = new LinkedHashMap<>();
    burst.put("size", replay.largestAttestationBurst());
    burst.put("ideal_drain_ms", round(idealBurstDrainMillis()));
    burst.put("ideal_drain_cpu_ms", round(idealBurstDrainCpuMillis()));
    LatencyRecorder.Percentiles attestations = replay.latencies().get("ATTESTATION");
    if (attestations != null && idealBurstDrainMillis() > 0) {
      burst.put("attestation_p99_ms", attestations.p99());
      burst.put("p99_over_ideal", Math.round(attestations.p99() / idealBurstDrainMillis() * 1000) / 1000.0);
    }
    json.put("attestation_burst", burst);
    json.put("validators_sustainable", validatorsSustainable());
    Map<String, Object> latency = new LinkedHashMap<>();
    replay.latencies().forEach((type, p) -> {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("count", p.count());
      values.put("p50", p.p50());
      values.put("p95", p.p95());
      values.put("p99", p.p99());
      values.put("max", p.max());
      latency.put(type, values);
    });
    json.put("latency_ms", latency);
    return json;
  }

  /** A few lines for a person. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append("vigil bench: %d validators, %s, store: %s, %d cores, speed-up %s, %d connections%n"
        .formatted(validators, target, store, cores, speedUp, connections));
    text.append("  %,.0f signatures/s over %.1f s (%d signatures, %d slots); raw jblst %,.0f/s; ratio %.3f%n"
        .formatted(replay.signaturesPerSecond(), replay.seconds(), replay.signatures(), replay.slots(),
            raw.signaturesPerSecond(), ratio()));
    text.append("  CPU per signature: raw jblst %.0f us;%s load generator %.0f us%n".formatted(
        raw.cpuNanosPerSignature() / 1000, inProcess ? " signer %.0f us;".formatted(signerCpuMicros()) : "",
        perSignatureMicros(replay.loadGeneratorCpuNanos())));
    text.append("  refusals %d, errors %d%n".formatted(replay.refusals(), replay.errors()));
    replay.errorSamples().forEach(sample -> text.append("    ").append(sample).append(System.lineSeparator()));
    LatencyRecorder.Percentiles attestations = replay.latencies().get("ATTESTATION");
    if (attestations != null) {
      text.append("  attestation burst of %d: p99 %.1f ms, ideal drain %.1f ms (%.2fx)%n".formatted(
          replay.largestAttestationBurst(), attestations.p99(), idealBurstDrainMillis(),
          attestations.p99() / idealBurstDrainMillis()));
    }
    text.append("  enough throughput for about %,d validators at real time%n".formatted(validatorsSustainable()));
    text.append("  latency ms           count      p50      p95      p99      max%n".formatted());
    replay.latencies().forEach((type, p) -> text.append("  %-38s %7d %8.2f %8.2f %8.2f %8.2f%n"
        .formatted(type, p.count(), p.p50(), p.p95(), p.p99(), p.max())));
    return text.toString();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
