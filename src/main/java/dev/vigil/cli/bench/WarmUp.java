package dev.vigil.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * When the unmeasured start of a replay ends. Either after a fixed time, or — for a signer in this
 * process — once the JIT compiler has gone quiet: until then the compiler threads take a large
 * share of the same cores (a fifth of the CPU in the first half minute) and the figures describe a
 * signer that is still starting, not the one an operator runs for months.
 */
public final class WarmUp {
  /** The compiler counts as quiet when it used under 1 % of one core over this window. */
  private static final long QUIET_WINDOW_NANOS = 3_000_000_000L;
  private static final long QUIET_COMPILE_MILLIS = 30;

  private final double minSeconds;
  private final double maxSeconds;
  /** Milliseconds this JVM has spent compiling so far; null for a fixed warm-up. */
  private final LongSupplier compileMillis;
  private long windowStart = -1;
  private long compileMillisAtWindowStart;
  private boolean compilerQuiet;

  WarmUp(double minSeconds, double maxSeconds, LongSupplier compileMillis) {
    if (minSeconds < 0 || maxSeconds < minSeconds) {
      throw new IllegalArgumentException("warm-up: expected 0 <= minimum <= maximum, got " + minSeconds + " and " + maxSeconds);
    }
    this.minSeconds = minSeconds;
    this.maxSeconds = maxSeconds;
    this.compileMillis = compileMillis;
  }

  /** Exactly {@code seconds}. */
  public static WarmUp fixed(double seconds) {
    return new WarmUp(seconds, seconds, null);
  }

  /** At least {@code minSeconds}, then until this JVM's JIT compiler is quiet, at most {@code maxSeconds}. */
  public static WarmUp untilCompilerQuiet(double minSeconds, double maxSeconds) {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      return fixed(maxSeconds);
    }
    return new WarmUp(minSeconds, maxSeconds, compiler::getTotalCompilationTime);
  }

  /** Whether the warm-up that began at {@code start} (System.nanoTime) is over at {@code now}. */
  boolean isOver(long start, long now) {
    double elapsed = (now - start) / 1e9;
    if (compileMillis != null) {
      watchCompiler(now);
    }
    if (elapsed < minSeconds) {
      return false;
    }
    return compileMillis == null || compilerQuiet || elapsed >= maxSeconds;
  }

  /** Whether the compiler was seen quiet (always false for a fixed warm-up). */
  boolean compilerWasQuiet() {
    return compilerQuiet;
  }

  private void watchCompiler(long now) {
    long compiled = compileMillis.getAsLong();
    if (windowStart < 0) {
      windowStart = now;
      compileMillisAtWindowStart = compiled;
    } else if (now - windowStart >= QUIET_WINDOW_NANOS) {
      compilerQuiet = compiled - compileMillisAtWindowStart < QUIET_COMPILE_MILLIS;
      windowStart = now;
      compileMillisAtWindowStart = compiled;
    }
  }
}
