package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scale benchmark (not part of {@code mvn verify}): import and export of an interchange file with
 * 10,000 validators and 100 attestations each, on SQLite and (when a URL is given) PostgreSQL,
 * plus check-and-record throughput on SQLite. Arguments: [postgresql-jdbc-url].
 */
public final class ProtectionScaleBenchmark {
  private static final int VALIDATORS = 10_000;
  private static final int ATTESTATIONS = 100;

  private ProtectionScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("vigil-scale");
    Path file = dir.resolve("interchange.json");
    writeFile(file);
    System.out.printf("interchange file: %d validators x %d attestations, %.1f MiB%n",
        VALIDATORS, ATTESTATIONS, Files.size(file) / 1048576.0);
    try (SlashingProtection store = SlashingProtectionStores.open(null, dir.resolve("sqlite"), PruningPolicy.OFF)) {
      run("sqlite", store, file, dir);
      throughput(store, 2, 2000);
      throughput(store, 16, 3000);
      pipelinedThroughput(store, 2, 4000);
    }
    if (args.length > 0) {
      try (SlashingProtection store = SlashingProtectionStores.open(args[0], dir, PruningPolicy.OFF)) {
        run("postgresql", store, file, dir);
      }
    }
  }

  /**
   * {@code threads} threads that each keep up to 32 asynchronous decisions in flight, as a signer
   * computing signatures while the commit runs would.
   */
  private static void pipelinedThroughput(SlashingProtection store, int threads, long firstTarget) throws Exception {
    int perValidator = 20;
    int validatorsPerThread = 1000 / threads;
    int perThread = validatorsPerThread * perValidator;
    AtomicLong accepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    Future<?>[] futures = new Future<?>[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures[t] = pool.submit(() -> {
        ArrayDeque<CompletableFuture<Decision>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < perThread; i++) {
          int validator = thread * validatorsPerThread + i % validatorsPerThread;
          long target = firstTarget + i / validatorsPerThread;
          inFlight.add(store.checkAndRecordAttestationAsync(
              Requests.key(validator), target - 1, target, Bytes32.ZERO, Requests.GVR));
          if (inFlight.size() == 32 && inFlight.poll().join().accepted()) {
            accepted.incrementAndGet();
          }
        }
        while (!inFlight.isEmpty()) {
          if (inFlight.poll().join().accepted()) {
            accepted.incrementAndGet();
          }
        }
      });
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("sqlite check-and-record, %d threads pipelining 32 each: %d accepted of %d in %.2f s = %.0f per second%n",
        threads, accepted.get(), threads * perThread, seconds, threads * perThread / seconds);
  }

  private static void writeFile(Path file) throws IOException {
    try (PrintStream out = new PrintStream(new BufferedOutputStream(Files.newOutputStream(file)), false, StandardCharsets.US_ASCII)) {
      out.print("{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
          + Requests.GVR + "\"},\"data\":[");
      for (int v = 0; v < VALIDATORS; v++) {
        out.print((v == 0 ? "" : ",") + "{\"pubkey\":\"" + Requests.key(v) + "\",\"signed_blocks\":[],\"signed_attestations\":[");
        for (int a = 0; a < ATTESTATIONS; a++) {
          out.print((a == 0 ? "" : ",") + "{\"source_epoch\":\"" + (1000 + a) + "\",\"target_epoch\":\"" + (1001 + a)
              + "\",\"signing_root\":\"" + Requests.root(v * ATTESTATIONS + a) + "\"}");
        }
        out.print("]}");
      }
      out.print("]}");
    }
  }

  private static void run(String name, SlashingProtection store, Path file, Path dir) throws IOException {
    long start = System.nanoTime();
    ImportSummary summary;
    try (InputStream in = Files.newInputStream(file)) {
      summary = store.importInterchange(in);
    }
    double importSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    Path exported = dir.resolve(name + "-export.json");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(exported))) {
      store.exportInterchange(out, Set.of());
    }
    double exportSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s: import %s in %.1f s, export %.1f MiB in %.1f s%n",
        name, summary, importSeconds, Files.size(exported) / 1048576.0, exportSeconds);
  }

  /**
   * Attestations from {@code threads} threads over 1,000 imported validators, each above its
   * history (the signer's steady state); more threads give the writer larger group commits.
   */
  private static void throughput(SlashingProtection store, int threads, long firstTarget) throws Exception {
    int perValidator = 20;
    int validatorsPerThread = 1000 / threads;
    int perThread = validatorsPerThread * perValidator;
    AtomicLong accepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    Future<?>[] futures = new Future<?>[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures[t] = pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          int validator = thread * validatorsPerThread + i % validatorsPerThread;
          long target = firstTarget + i / validatorsPerThread;
          BLSPubkey key = Requests.key(validator);
          if (store.checkAndRecordAttestation(key, target - 1, target, Bytes32.ZERO, Requests.GVR).accepted()) {
            accepted.incrementAndGet();
          }
        }
      });
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("sqlite check-and-record, %d threads: %d accepted of %d in %.2f s = %.0f per second%n",
        threads, accepted.get(), threads * perThread, seconds, threads * perThread / seconds);
  }
}
