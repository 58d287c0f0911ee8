package dev.vigil.bench;

import dev.vigil.cli.bench.BenchKeys;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.LoadResult;
import dev.vigil.keys.SealedKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading N sealed keys (file sealing): open the store and unseal every file, then, as `vigil serve`
 * does at start, turn each secret into a signing key (deriving its public key) on every core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SealedKeyLoadBenchmark {
  @Param({"1000", "10000"})
  public int keys;

  private Path dataDir;

  @Setup(Level.Trial)
  public void seal() throws IOException, InterruptedException {
    dataDir = Files.createTempDirectory("vigil-jmh-keys-");
    BenchKeys.seal(dataDir, keys, Runtime.getRuntime().availableProcessors());
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Benchmark
  public int unseal() {
    try (LoadResult result = SealedKeyStore.open(dataDir, new FileSealing()).loadAll()) {
      return result.keys().size();
    }
  }

  @Benchmark
  public int unsealAndDerivePublicKeys() {
    try (LoadResult result = SealedKeyStore.open(dataDir, new FileSealing()).loadAll()) {
      List<BlsSecretKey> secretKeys =
          result.keys().parallelStream().map(key -> BlsSecretKey.fromBytes(key.secret())).toList();
      secretKeys.forEach(BlsSecretKey::destroy);
      return secretKeys.size();
    }
  }
}
