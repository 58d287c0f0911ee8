package dev.vigil.bench;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.MessagePoint;
import dev.vigil.spec.BLSSignature;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw ceiling: one jblst signature of a 32-byte signing root (hash to G2, multiply, compress),
 * and its two halves: hashing the root to the curve, and signing a root already hashed (what each
 * further key that signs the same message costs Vigil).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlsSignBenchmark {
  private BlsSecretKey key;
  private final byte[] root = new byte[32];
  private MessagePoint sharedMessage;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = BlsSecretKey.generate(random);
    random.nextBytes(root);
    sharedMessage = MessagePoint.of(root);
  }

  @Benchmark
  public BLSSignature sign() {
    root[0]++;
    return key.sign(root).toBytes();
  }

  @Benchmark
  public MessagePoint hashToCurve() {
    root[0]++;
    return MessagePoint.of(root);
  }

  @Benchmark
  public BLSSignature signSharedMessage() {
    return key.sign(sharedMessage).toBytes();
  }
}
