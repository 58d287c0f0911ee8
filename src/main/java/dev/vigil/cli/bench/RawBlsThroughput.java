package dev.vigil.cli.bench;

import dev.vigil.crypto.BlsSecretKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling Vigil is measured against: BLS signatures per second that jblst alone makes on this
 * machine, one signing thread per core, random 32-byte signing roots, nothing else running.
 */
public final class RawBlsThroughput {
  private RawBlsThroughput() {}

  /** Signatures per second on all threads together, and CPU time per signature. */
  public record Result(double signaturesPerSecond, double cpuNanosPerSignature) {
    /** The mean of two measurements (before and after a replay, when other load on the machine may differ). */
    public Result averagedWith(Result other) {
      return new Result((signaturesPerSecond + other.signaturesPerSecond) / 2,
          (cpuNanosPerSignature + other.cpuNanosPerSignature) / 2);
    }
  }

  /** Signs on {@code threads} threads for {@code seconds} (after a short warm-up). */
  public static Result measure(int threads, double seconds) throws InterruptedException {
    run(threads, Math.min(1.0, seconds / 2));
    return run(threads, seconds);
  }

  private static Result run(int threads, double seconds) throws InterruptedException {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    LongAdder signatures = new LongAdder();
    LongAdder cpuNanos = new LongAdder();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        SecureRandom random = new SecureRandom();
        try (BlsSecretKey key = BlsSecretKey.generate(random)) {
          byte[] root = new byte[32];
          random.nextBytes(root);
          long cpuStart = cpu.getCurrentThreadCpuTime();
          while (System.nanoTime() < end) {
            root[0]++;
            key.sign(root).toBytes();
            signatures.increment();
          }
          cpuNanos.add(cpu.getCurrentThreadCpuTime() - cpuStart);
        }
      }, "raw-bls-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long count = signatures.sum();
    return new Result(count / ((System.nanoTime() - start) / 1e9), count == 0 ? 0 : cpuNanos.sum() / (double) count);
  }
}
