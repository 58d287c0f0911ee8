package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.cli.bench.BenchKeys;
import dev.vigil.cli.bench.BenchReport;
import dev.vigil.cli.bench.DutyReplay;
import dev.vigil.cli.bench.DutySchedule;
import dev.vigil.cli.bench.FloodBench;
import dev.vigil.cli.bench.LatencyRecorder;
import dev.vigil.cli.bench.RawBlsThroughput;
import dev.vigil.cli.bench.StartupProbe;
import dev.vigil.cli.bench.WarmUp;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench}: replays a validator client's duty load against a signer and sets the result
 * beside the raw jblst signing rate measured on the same cores in the same run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    subcommands = {BenchCommand.Startup.class, BenchCommand.Flood.class},
    description =
        "Measures how many validators one signer carries: starts a signer in-process on a temporary data dir"
            + " (or drives the one at --url), replays every validator's duties over HTTP with keep-alive, and reports"
            + " signatures per second, latencies per type and refusals beside the raw jblst signing rate of this machine.")
public final class BenchCommand implements Callable<Integer> {
  static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--validators", defaultValue = "1000", description = "Validators (keys) whose duties are replayed. Default: ${DEFAULT-VALUE}")
  int validators;

  @Option(names = "--duration", defaultValue = "30", description = "Seconds measured, after the warm-up. Default: ${DEFAULT-VALUE}")
  double duration;

  @Option(names = "--warmup", defaultValue = "auto", description = "Seconds replayed first and not measured, or auto: in-process at least "
      + "10 s and then until the JIT compiler has gone quiet (at most 120 s); against --url 30 s. Default: ${DEFAULT-VALUE}")
  String warmup;

  @Option(names = "--speed-up", defaultValue = "max", description = "How many times faster than wall time slots pass, or max: each moment of a slot as soon as the previous one has drained. Default: ${DEFAULT-VALUE}")
  String speedUp;

  @Option(names = "--store", arity = "1..2", paramLabel = "sqlite|postgres [URL]", description = "Slashing protection of the in-process signer: sqlite (default) or postgres with a JDBC URL (default " + DEFAULT_POSTGRES_URL + "); a fresh schema is created and dropped.")
  List<String> store = List.of("sqlite");

  @Option(names = "--url", description = "Drive the signer at this URL instead of starting one; it must hold at least --validators keys.")
  URI url;

  @Option(names = "--connections", defaultValue = "32", description = "Keep-alive HTTP connections of the load generator. Default: ${DEFAULT-VALUE}")
  int connections;

  @Option(names = "--raw-seconds", defaultValue = "5", description = "Seconds of raw jblst signing measured, half before and half after the replay. Default: ${DEFAULT-VALUE}")
  double rawSeconds;

  @Option(names = "--witnesses", defaultValue = "0", description = "Freshness witnesses started in-process for the signer (each a Vigil with its own SQLite store); each block and attestation then waits for a majority of them. Default: ${DEFAULT-VALUE}")
  int witnesses;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    double pace = parseSpeedUp(speedUp);
    WarmUp warmUp = parseWarmUp(warmup, url == null);
    if (witnesses < 0 || (witnesses > 0 && url != null)) {
      throw new IllegalArgumentException("--witnesses: 0 or more, and only for the in-process signer (not with --url)");
    }
    if (validators < 1) {
      throw new IllegalArgumentException("--validators: must be at least 1, got " + validators);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    String storeName = store.get(0);
    if (!List.of("sqlite", "postgres").contains(storeName) || (storeName.equals("sqlite") && store.size() > 1)) {
      throw new IllegalArgumentException("--store: expected sqlite or postgres [URL], got " + String.join(" ", store));
    }
    // A slot number that grows with wall time, so that repeated runs against one signer never repeat a slot.
    long firstSlot = System.currentTimeMillis() / DutySchedule.SLOTS_PER_EPOCH * DutySchedule.SLOTS_PER_EPOCH;
    BenchReport report;
    if (url != null) {
      report = report("external " + url, "the external signer's own", cores, url, publicKeys(url), firstSlot, pace, warmUp);
    } else {
      Path dataDir = Files.createTempDirectory("vigil-bench-");
      try (PostgresSchema schema = storeName.equals("postgres")
          ? new PostgresSchema(store.size() > 1 ? store.get(1) : DEFAULT_POSTGRES_URL) : null) {
        List<BLSPubkey> keys = BenchKeys.seal(dataDir, validators, cores);
        List<String> args = freshKeysServeArgs(dataDir);
        if (schema != null) {
          args.addAll(List.of("--slashing-protection-db-url", schema.url()));
        }
        try (BenchWitnesses benchWitnesses = BenchWitnesses.start(witnesses, dataDir)) {
          args.addAll(benchWitnesses.signerArgs());
          try (VigilService service = start(args)) {
            URI base = URI.create("http://127.0.0.1:" + service.httpPort());
            benchWitnesses.awaitReady(base);
            report = report("in-process", storeName + benchWitnesses.description(), cores, base,
                keys.stream().map(BLSPubkey::toHexString).toList(), firstSlot, pace, warmUp);
          }
        }
      } finally {
        deleteRecursively(dataDir);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? jsonText(report.toJson()) : report.toText());
    out.flush();
    return 0;
  }

  /**
   * Serve flags for a bench's own data dir: keys generated just now have no history, so an empty
   * store is right for them; the replay runs far ahead of mainnet's wall clock (so that no rerun
   * meets an earlier run's records).
   */
  static List<String> freshKeysServeArgs(Path dataDir) {
    return new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--http-listen-port", "0",
        "--allow-empty-slashing-protection", "--slashing-protection-max-future-epochs", Long.toString(Long.MAX_VALUE)));
  }

  static VigilService start(List<String> serveArgs) throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(serveArgs.toArray(String[]::new));
    return VigilService.start(serve.toConfig());
  }

  /** Raw jblst before and after the replay, averaged: other load on the machine may change meanwhile. */
  private BenchReport report(String target, String storeName, int cores, URI base, List<String> pubkeys,
      long firstSlot, double pace, WarmUp warmUp) throws InterruptedException {
    DutyReplay replay = new DutyReplay(base, pubkeys, new DutySchedule(validators, firstSlot), connections);
    RawBlsThroughput.Result rawBefore = RawBlsThroughput.measure(cores, rawSeconds / 2);
    DutyReplay.Result result = replay.run(firstSlot, pace, warmUp, duration);
    RawBlsThroughput.Result rawAfter = RawBlsThroughput.measure(cores, rawSeconds / 2);
    return new BenchReport(target, url == null, storeName, validators, cores, speedUp, connections,
        rawBefore.averagedWith(rawAfter), result);
  }

  static double parseSpeedUp(String value) {
    if (value.equals("max")) {
      return 0;
    }
    try {
      double pace = Double.parseDouble(value);
      if (pace > 0) {
        return pace;
      }
    } catch (NumberFormatException e) {
      // falls through to the message naming the flag
    }
    throw new IllegalArgumentException("--speed-up: expected a positive number or max, got " + value);
  }

  static WarmUp parseWarmUp(String value, boolean inProcess) {
    if (value.equals("auto")) {
      return inProcess ? WarmUp.untilCompilerQuiet(10, 120) : WarmUp.fixed(30);
    }
    try {
      double seconds = Double.parseDouble(value);
      if (seconds >= 0) {
        return WarmUp.fixed(seconds);
      }
    } catch (NumberFormatException e) {
      // falls through to the message naming the flag
    }
    throw new IllegalArgumentException("--warmup: expected seconds (0 or more) or auto, got " + value);
  }

  private static List<String> publicKeys(URI base) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("/api/v1/eth2/publicKeys")).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalArgumentException("--url: GET /api/v1/eth2/publicKeys answered " + response.statusCode());
    }
    List<String> keys = new ArrayList<>();
    new ObjectMapper().readTree(response.body()).forEach(key -> keys.add(key.asText()));
    return keys;
  }

  static String jsonText(Map<String, Object> value) throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + System.lineSeparator();
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** A schema of its own for one run, standing in for a fresh database, dropped afterwards. */
  private static final class PostgresSchema implements AutoCloseable {
    private final String serverUrl;
    private final String schema = "vigil_bench_" + UUID.randomUUID().toString().replace("-", "");

    PostgresSchema(String serverUrl) throws SQLException {
      this.serverUrl = serverUrl;
      execute("CREATE SCHEMA " + schema);
    }

    String url() {
      return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void execute(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(serverUrl); Statement statement = c.createStatement()) {
        statement.execute(sql);
      }
    }

    @Override
    public void close() throws SQLException {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  /** {@code vigil bench startup}: time to ready and resident memory of {@code vigil serve} with N sealed keys. */
  @Command(
      name = "startup",
      mixinStandardHelpOptions = true,
      description =
          "Seals N fresh keys into a temporary data dir, starts `vigil serve` on it as a process of its own, and"
              + " reports the time from process start to ready (/upcheck 200, every key loaded), its CPU time and its"
              + " resident memory.")
  static final class Startup implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--validators", defaultValue = "10000", description = "Sealed keys in the data dir. Default: ${DEFAULT-VALUE}")
    int validators;

    @Option(names = "--jvm-arg", description = "An option for the signer's JVM (repeat for several), e.g. --jvm-arg=-Xmx256m.")
    List<String> jvmArgs = List.of();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (validators < 0) {
        throw new IllegalArgumentException("--validators: must not be negative, got " + validators);
      }
      Path dataDir = Files.createTempDirectory("vigil-bench-startup-");
      try {
        long sealStart = System.nanoTime();
        BenchKeys.seal(dataDir, validators, Runtime.getRuntime().availableProcessors());
        double sealSeconds = (System.nanoTime() - sealStart) / 1e9;
        StartupProbe.Result result = StartupProbe.sameJava(jvmArgs).measure(dataDir, validators);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          Map<String, Object> value = new LinkedHashMap<>();
          value.put("ready_seconds", Math.round(result.readySeconds() * 1000) / 1000.0);
          value.put("keys", result.keys());
          value.put("rss_mib", result.rssMib());
          value.put("cpu_seconds", result.cpuSeconds());
          value.put("sealing_seconds", Math.round(sealSeconds * 1000) / 1000.0);
          value.put("jvm_args", jvmArgs);
          out.print(jsonText(value));
        } else {
          out.printf("vigil bench startup: %,d sealed keys ready in %.3f s (%.2f s of CPU), resident memory %.1f MiB"
                  + " (sealing them took %.1f s)%n",
              result.keys(), result.readySeconds(), result.cpuSeconds(), result.rssMib(), sealSeconds);
        }
        out.flush();
        return 0;
      } finally {
        deleteRecursively(dataDir);
      }
    }
  }

  /** {@code vigil bench flood}: honest attestation latency alone, beside bad bodies, beside slow connections. */
  @Command(
      name = "flood",
      mixinStandardHelpOptions = true,
      description =
          "Starts a signer in-process on a temporary data dir and measures honest attestation latency (paced, from"
              + " the moment each is due, over keep-alive connections) three times: alone; beside connections sending"
              + " worst-case bad bodies (million-digit uint64s, megabyte types and roots, deep nesting, unknown keys)"
              + " as fast as they can; and beside many slow connections trickling partial requests. The load"
              + " generator shares the machine, so the figures are an upper bound on what a remote attacker costs.")
  static final class Flood implements Callable<Integer> {
    /** Issue 12 §2's target: honest p99 under the bad-body flood within this of the p99 without it. */
    static final double TARGET_P99_DELTA_MS = 50;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--validators", defaultValue = "64", description = "Keys the honest attestations rotate over. Default: ${DEFAULT-VALUE}")
    int validators;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds measured per phase. Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--honest-rate", defaultValue = "200", description = "Honest attestations per second. Default: ${DEFAULT-VALUE}")
    double honestRate;

    @Option(names = "--flood-connections", defaultValue = "64", description = "Connections sending bad bodies back to back. Default: ${DEFAULT-VALUE}")
    int floodConnections;

    @Option(names = "--slow-connections", defaultValue = "2000", description = "Slow connections (a partial request, a byte every 0.5 s). Default: ${DEFAULT-VALUE}")
    int slowConnections;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (validators < 1 || seconds <= 0 || floodConnections < 1 || slowConnections < 1) {
        throw new IllegalArgumentException(
            "--validators, --seconds, --flood-connections and --slow-connections: must be positive");
      }
      Path dataDir = Files.createTempDirectory("vigil-bench-flood-");
      try {
        int cores = Runtime.getRuntime().availableProcessors();
        List<BLSPubkey> keys = BenchKeys.seal(dataDir, validators, cores);
        List<FloodBench.Phase> phases = new ArrayList<>();
        String loadBefore = loadAverage();
        try (VigilService service = start(freshKeysServeArgs(dataDir));
            FloodBench bench = new FloodBench(URI.create("http://127.0.0.1:" + service.httpPort()),
                keys.stream().map(BLSPubkey::toHexString).toList(), honestRate,
                System.currentTimeMillis() / DutySchedule.SLOTS_PER_EPOCH * DutySchedule.SLOTS_PER_EPOCH)) {
          bench.baseline(Math.min(5, seconds)); // warm-up, not reported
          phases.add(bench.baseline(seconds));
          String unknownKey;
          try (BlsSecretKey unsealed = BlsSecretKey.generate(new SecureRandom())) {
            unknownKey = unsealed.publicKey().toBytes().toHexString();
          }
          phases.add(bench.badBodies(seconds, floodConnections, unknownKey));
          phases.add(bench.baseline(seconds));
          phases.add(bench.slowConnections(seconds, slowConnections));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? jsonText(floodJson(phases, cores, loadBefore)) : floodText(phases, cores, loadBefore));
        out.flush();
        return 0;
      } finally {
        deleteRecursively(dataDir);
      }
    }

    private static String loadAverage() throws IOException {
      Path loadavg = Path.of("/proc/loadavg");
      return Files.exists(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).trim().split(" ")).subList(0, 3)) : "unknown";
    }

    private static double p99Delta(List<FloodBench.Phase> phases) {
      return phases.get(1).honest().p99() - phases.get(0).honest().p99();
    }

    private String floodText(List<FloodBench.Phase> phases, int cores, String loadBefore) throws IOException {
      StringBuilder text = new StringBuilder();
      text.append(String.format("vigil bench flood: %d keys, %.0f honest attestations/s, %.0f s per phase, %d cores,"
          + " load average %s before, %s after%n", validators, honestRate, seconds, cores, loadBefore, loadAverage()));
      for (FloodBench.Phase phase : phases) {
        LatencyRecorder.Percentiles honest = phase.honest();
        text.append(String.format("  %-32s honest p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms  (%d signed, %d errors)",
            phase.name(), honest.p50(), honest.p95(), honest.p99(), honest.max(), honest.count(), phase.honestErrors()));
        if (phase.hostileConnectionsOpen() > 0) {
          text.append(String.format("; hostile: %d requests, %s, %d connections open",
              phase.hostileRequests(), phase.hostileStatuses(), phase.hostileConnectionsOpen()));
        }
        text.append(System.lineSeparator());
      }
      text.append(String.format("  bad-body flood: honest p99 %+.2f ms against no flood (target: within %.0f ms)%n",
          p99Delta(phases), TARGET_P99_DELTA_MS));
      return text.toString();
    }

    private Map<String, Object> floodJson(List<FloodBench.Phase> phases, int cores, String loadBefore) throws IOException {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("validators", validators);
      value.put("honest_per_second", honestRate);
      value.put("seconds_per_phase", seconds);
      value.put("cores", cores);
      value.put("load_average_before", loadBefore);
      value.put("load_average_after", loadAverage());
      List<Map<String, Object>> list = new ArrayList<>();
      for (FloodBench.Phase phase : phases) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("phase", phase.name());
        entry.put("honest_latency_ms", phase.honest());
        entry.put("honest_errors", phase.honestErrors());
        entry.put("hostile_requests", phase.hostileRequests());
        entry.put("hostile_statuses", phase.hostileStatuses());
        entry.put("hostile_connections_open", phase.hostileConnectionsOpen());
        list.add(entry);
      }
      value.put("phases", list);
      value.put("bad_body_p99_delta_ms", Math.round(p99Delta(phases) * 1000) / 1000.0);
      return value;
    }
  }
}
