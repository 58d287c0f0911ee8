package dev.vigil.crypto;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread cost of the crypto hot paths (JMH; not run by the test suite). Run with
 * {@code java -cp <test classpath> org.openjdk.jmh.Main BlsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BlsBenchmark {
  private BlsSecretKey key;
  private byte[] signingRoot;
  private BlsSignature signature;
  private Eip2335Keystore scryptKeystore;

  @Setup(Level.Trial)
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = BlsSecretKey.generate(random);
    signingRoot = new byte[32];
    random.nextBytes(signingRoot);
    signature = key.sign(signingRoot);
    scryptKeystore = Eip2335Keystore.encrypt(key, "password", KeystoreKdf.Scrypt.DEFAULT, "", "", random);
  }

  @Benchmark
  public BlsSignature sign() {
    return key.sign(signingRoot);
  }

  @Benchmark
  public boolean verify() {
    return Bls.verify(key.publicKey(), signingRoot, signature);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 5)
  public BlsSecretKey decryptScryptKeystore() {
    return scryptKeystore.decrypt("password");
  }
}
