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

  /** Against Sign(SK, message) of jblst, each signature hashing its message to the curve. */
  double ratio() {
    return raw.sign().signaturesPerSecond() > 0 ? replay.signaturesPerSecond() / raw.sign().signaturesPerSecond() : 0;
  }

  /**
   * The rate of jblst alone for this load's messages: each distinct message hashed once, every
   * further key signing it paying the multiplication only — the ceiling of any signer for this load.
   */
  double rawForTheseMessages() {
    return raw.signaturesPerSecondFor(replay.distinctMessageShare());
  }

  /** Against {@link #rawForTheseMessages()}: what is left is Vigil's own overhead. */
  double ratioForTheseMessages() {
    double ceiling = rawForTheseMessages();
    return ceiling > 0 ? replay.signaturesPerSecond() / ceiling : 0;
  }

  /** The time the largest attestation burst takes on {@code cores} cores signing at the raw Sign rate. */
  double idealBurstDrainMillis() {
    double rate = raw.sign().signaturesPerSecond();
    return rate > 0 ? replay.largestAttestationBurst() / rate * 1000 : 0;
  }

  /** The same drain at jblst's rate for the burst's own messages (hashed once each). */
  double idealBurstDrainForTheseMessagesMillis() {
    int burst = replay.largestAttestationBurst();
    double rate = burst > 0 ? raw.signaturesPerSecondFor(replay.largestBurstDistinctMessages() / (double) burst) : 0;
    return rate > 0 ? burst / rate * 1000 : 0;
  }

  /**
   * The drain from CPU time instead of the raw rate: what {@code cores} cores of its own would
   * take. Independent of other load on the machine, which slows the raw measurement too.
   */
  double idealBurstDrainCpuMillis() {
    return replay.largestAttestationBurst() * raw.sign().cpuNanosPerSignature() / cores / 1e6;
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
    json.put("raw_bls_signatures_per_second", round(raw.sign().signaturesPerSecond()));
    json.put("ratio", thousandths(ratio()));
    json.put("raw_bls_multiply_only_signatures_per_second", round(raw.multiplyOnly().signaturesPerSecond()));
    json.put("distinct_message_share", thousandths(replay.distinctMessageShare()));
    json.put("raw_bls_signatures_per_second_these_messages", round(rawForTheseMessages()));
    json.put("ratio_these_messages", thousandths(ratioForTheseMessages()));
    json.put("warmup_seconds", round(replay.warmUpSeconds()));
    json.put("jit_quiet_before_measuring", replay.compilerQuietBeforeMeasuring());
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("raw_bls_us_per_signature", round(raw.sign().cpuNanosPerSignature() / 1000));
    cpu.put("raw_bls_multiply_only_us_per_signature", round(raw.multiplyOnly().cpuNanosPerSignature() / 1000));
    cpu.put("process_us_per_signature", round(perSignatureMicros(replay.processCpuNanos())));
    cpu.put("load_generator_us_per_signature", round(perSignatureMicros(replay.loadGeneratorCpuNanos())));
    // An external signer's CPU is not in this process.
    if (inProcess) {
      cpu.put("signer_us_per_signature", round(signerCpuMicros()));
      cpu.put("raw_over_signer", signerCpuMicros() > 0 ? thousandths(raw.sign().cpuNanosPerSignature() / 1000 / signerCpuMicros()) : 0);
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
    burst.put("distinct_messages", replay.largestBurstDistinctMessages());
    burst.put("ideal_drain_ms", round(idealBurstDrainMillis()));
    burst.put("ideal_drain_cpu_ms", round(idealBurstDrainCpuMillis()));
    burst.put("ideal_drain_these_messages_ms", round(idealBurstDrainForTheseMessagesMillis()));
    LatencyRecorder.Percentiles attestations = replay.latencies().get("ATTESTATION");
    if (attestations != null && idealBurstDrainMillis() > 0) {
      burst.put("attestation_p99_ms", attestations.p99());
      burst.put("p99_over_ideal", thousandths(attestations.p99() / idealBurstDrainMillis()));
      burst.put("p99_over_ideal_these_messages", thousandths(attestations.p99() / idealBurstDrainForTheseMessagesMillis()));
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
    text.append("  measured after a warm-up of %.0f s%s%n".formatted(replay.warmUpSeconds(),
        replay.compilerQuietBeforeMeasuring() ? " (the JIT compiler had gone quiet)" : ""));
    text.append("  %,.0f signatures/s over %.1f s (%d signatures, %d slots); raw jblst Sign %,.0f/s; ratio %.3f%n"
        .formatted(replay.signaturesPerSecond(), replay.seconds(), replay.signatures(), replay.slots(),
            raw.sign().signaturesPerSecond(), ratio()));
    text.append(("  %.1f %% of the signatures carry a message no other key signed; raw jblst for these messages"
            + " (each hashed to the curve once, %,.0f/s multiplying only) %,.0f/s; ratio %.3f%n")
        .formatted(replay.distinctMessageShare() * 100, raw.multiplyOnly().signaturesPerSecond(),
            rawForTheseMessages(), ratioForTheseMessages()));
    text.append("  CPU per signature: raw jblst Sign %.0f us, multiplying only %.0f us;%s load generator %.0f us%n".formatted(
        raw.sign().cpuNanosPerSignature() / 1000, raw.multiplyOnly().cpuNanosPerSignature() / 1000,
        inProcess ? " signer %.0f us;".formatted(signerCpuMicros()) : "",
        perSignatureMicros(replay.loadGeneratorCpuNanos())));
    text.append("  refusals %d, errors %d%n".formatted(replay.refusals(), replay.errors()));
    replay.errorSamples().forEach(sample -> text.append("    ").append(sample).append(System.lineSeparator()));
    LatencyRecorder.Percentiles attestations = replay.latencies().get("ATTESTATION");
    if (attestations != null) {
      text.append("  attestation burst of %d (%d messages): p99 %.1f ms; ideal drain %.1f ms (%.2fx), for these messages %.1f ms (%.2fx)%n"
          .formatted(replay.largestAttestationBurst(), replay.largestBurstDistinctMessages(), attestations.p99(),
              idealBurstDrainMillis(), attestations.p99() / idealBurstDrainMillis(),
              idealBurstDrainForTheseMessagesMillis(), attestations.p99() / idealBurstDrainForTheseMessagesMillis()));
    }
    text.append("  enough throughput for about %,d validators at real time%n".formatted(validatorsSustainable()));
    text.append("  latency ms           count      p50      p95      p99      max%n".formatted());
    replay.latencies().forEach((type, p) -> text.append("  %-38s %7d %8.2f %8.2f %8.2f %8.2f%n"
        .formatted(type, p.count(), p.p50(), p.p95(), p.p99(), p.max())));
    return text.toString();
  }

  private static double thousandths(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
