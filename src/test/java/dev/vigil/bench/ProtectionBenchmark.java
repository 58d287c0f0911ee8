package dev.vigil.bench;

import dev.vigil.protection.Decision;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Slashing protection check-and-record of new attestations and blocks (the common case: above
 * everything recorded), durable commit included, on SQLite (in a temporary dir) and PostgreSQL (in a
 * fresh schema at VIGIL_TEST_POSTGRES_URL or 127.0.0.1:5432, user postgres, database test). One
 * thread measures one request's latency; 32 threads show how far concurrent requests share commits.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ProtectionBenchmark {
  static final Bytes32 GVR = Bytes32.fromHex("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");

  /** The store, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"sqlite", "postgres"})
    public String store;

    SlashingProtection protection;
    final AtomicInteger validators = new AtomicInteger();
    private Path dir;
    private String serverUrl;
    private String schema;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
      if (store.equals("sqlite")) {
        dir = Files.createTempDirectory("vigil-jmh-protection-");
        protection = SlashingProtectionStores.open(null, dir, PruningPolicy.OFF);
      } else {
        String url = System.getenv("VIGIL_TEST_POSTGRES_URL");
        serverUrl = url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
        schema = "vigil_jmh_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        protection = SlashingProtectionStores.open(
            serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, Path.of("unused"), PruningPolicy.OFF);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
      protection.close();
      if (schema != null) {
        execute("DROP SCHEMA " + schema + " CASCADE");
      }
      if (dir != null) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
    }

    private void execute(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(serverUrl); Statement statement = c.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  /** One validator per benchmark thread, whose epochs and slots only grow. */
  @State(Scope.Thread)
  public static class Validator {
    BLSPubkey pubkey;
    long next = 1;

    @Setup(Level.Trial)
    public void pick(Store store) {
      byte[] bytes = new byte[BLSPubkey.SIZE];
      int index = store.validators.incrementAndGet();
      bytes[0] = (byte) 0xa0;
      bytes[BLSPubkey.SIZE - 1] = (byte) index;
      bytes[BLSPubkey.SIZE - 2] = (byte) (index >> 8);
      pubkey = new BLSPubkey(bytes);
    }

    Bytes32 root() {
      byte[] root = new byte[32];
      long value = next * 0x9E3779B97F4A7C15L;
      for (int i = 0; i < 8; i++) {
        root[i] = (byte) (value >>> (8 * i));
      }
      return new Bytes32(root);
    }
  }

  @Benchmark
  @Threads(1)
  public Decision attestationOneThread(Store store, Validator validator) {
    return attestation(store, validator);
  }

  @Benchmark
  @Threads(32)
  public Decision attestation32Threads(Store store, Validator validator) {
    return attestation(store, validator);
  }

  @Benchmark
  @Threads(1)
  public Decision blockOneThread(Store store, Validator validator) {
    Decision decision = store.protection.checkAndRecordBlock(validator.pubkey, validator.next, validator.root(), GVR);
    validator.next++;
    return check(decision);
  }

  private static Decision attestation(Store store, Validator validator) {
    long target = validator.next++;
    return check(store.protection.checkAndRecordAttestation(validator.pubkey, target - 1, target, validator.root(), GVR));
  }

  private static Decision check(Decision decision) {
    if (!decision.accepted()) {
      throw new IllegalStateException("refused: " + decision);
    }
    return decision;
  }
}
