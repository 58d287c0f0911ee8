package dev.vigil.api;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Serves requests with a large (or unknown-length) body one at a time and at most
 * {@link #BYTES_PER_SECOND} of them: the others wait unread, their bytes held back by TCP flow
 * control. Every honest signing body is a few kilobytes and never waits here, so an unauthenticated
 * flood of megabyte bodies costs at most one thread and a bounded bandwidth, whatever its rate.
 */
final class LargeBodyGate {
  /** Bodies up to this size pass at once; an Electra aggregate, the largest signing body, is about 33 KiB. */
  static final long SMALL_BODY_BYTES = 64 * 1024;
  /** Large bodies taken in per second, together. */
  static final long BYTES_PER_SECOND = 16L * 1024 * 1024;

  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private boolean busy;

  /** Whether a body of {@code length} bytes (negative: unknown, e.g. chunked) must pass the gate. */
  static boolean isLarge(long length) {
    return length < 0 || length > SMALL_BODY_BYTES;
  }

  /**
   * Runs {@code serve} now or after the large requests before it; {@code serve} is given the
   * callback to complete instead of {@code callback}, which frees the gate once the answer is sent
   * and a body of {@code length} bytes has had its share of {@link #BYTES_PER_SECOND}.
   */
  void enter(long length, Callback callback, Scheduler scheduler, Consumer<Callback> serve) {
    long charged = (length < 0 ? HttpServerOptions.MAX_BODY_BYTES : length) * 1_000_000_000L / BYTES_PER_SECOND;
    Runnable turn = () -> {
      long earliestRelease = System.nanoTime() + charged;
      serve.accept(Callback.from(callback, () -> leave(scheduler, earliestRelease)));
    };
    synchronized (this) {
      if (busy) {
        waiting.add(turn);
        return;
      }
      busy = true;
    }
    turn.run();
  }

  private void leave(Scheduler scheduler, long earliestRelease) {
    long wait = earliestRelease - System.nanoTime();
    if (wait > 0) {
      scheduler.schedule(this::next, wait, TimeUnit.NANOSECONDS);
    } else {
      next();
    }
  }

  private void next() {
    Runnable turn;
    synchronized (this) {
      turn = waiting.poll();
      if (turn == null) {
        busy = false;
        return;
      }
    }
    turn.run();
  }
}
