package dev.vigil.cli.bench;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.MessagePoint;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling Vigil is measured against: BLS signatures per second that jblst alone makes on this
 * machine, one signing thread per core, nothing else running. Measured two ways: Sign(SK, message)
 * of a new random 32-byte root each time (hash to the curve, then multiply), and the multiplication
 * alone for a message already hashed to the curve, which is what a signer pays for every further key
 * that signs the same message.
 */
public final class RawBlsThroughput {
  private RawBlsThroughput() {}

  /** One way of signing: signatures per second on all threads together, and CPU time per signature. */
  public record Rate(double signaturesPerSecond, double cpuNanosPerSignature) {
    Rate averagedWith(Rate other) {
      return new Rate((signaturesPerSecond + other.signaturesPerSecond) / 2,
          (cpuNanosPerSignature + other.cpuNanosPerSignature) / 2);
    }
  }

  /** Both ways, measured one after the other. */
  public record Result(Rate sign, Rate multiplyOnly) {
    /** The mean of two measurements (before and after a replay, when other load on the machine may differ). */
    public Result averagedWith(Result other) {
      return new Result(sign.averagedWith(other.sign), multiplyOnly.averagedWith(other.multiplyOnly));
    }

    /**
     * The rate of jblst alone for a load in which {@code distinctShare} of the signatures carry a
     * message not signed before (hashed once, then shared by every key that signs it).
     */
    public double signaturesPerSecondFor(double distinctShare) {
      if (sign.signaturesPerSecond() <= 0 || multiplyOnly.signaturesPerSecond() <= 0) {
        return 0;
      }
      return 1 / (distinctShare / sign.signaturesPerSecond() + (1 - distinctShare) / multiplyOnly.signaturesPerSecond());
    }
  }

  /** Signs on {@code threads} threads for {@code seconds} in each way (after a short warm-up). */
  public static Result measure(int threads, double seconds) throws InterruptedException {
    double each = seconds / 2;
    run(threads, Math.min(0.5, each / 2), false);
    Rate sign = run(threads, each, false);
    Rate multiplyOnly = run(threads, each, true);
    return new Result(sign, multiplyOnly);
  }

  private static Rate run(int threads, double seconds, boolean prehashed) throws InterruptedException {
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
          MessagePoint point = MessagePoint.of(root);
          long cpuStart = cpu.getCurrentThreadCpuTime();
          while (System.nanoTime() < end) {
            if (prehashed) {
              key.sign(point).toBytes();
            } else {
              root[0]++;
              key.sign(root).toBytes();
            }
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
    return new Rate(count / ((System.nanoTime() - start) / 1e9), count == 0 ? 0 : cpuNanos.sum() / (double) count);
  }
}
