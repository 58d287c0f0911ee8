package dev.vigil.cli.bench;

import dev.vigil.cli.bench.DutySchedule.Moment;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replays a {@link DutySchedule} against a signer over HTTP/1.1 with keep-alive, from a fixed number
 * of connections (as a validator client does), and measures each request from the moment its duty
 * became due, so time spent queued behind a burst counts.
 *
 * <p>Paced ({@code speedUp > 0}): slot k's moments are due at {@code (k + fraction) × 12 s ÷ speedUp}
 * of wall time, whether or not the signer has caught up. Unpaced ({@code speedUp == 0}): each
 * moment is due when the previous one has completely drained, which keeps the signer saturated
 * and still gives every burst a clean start.
 */
public final class DutyReplay {
  public static final double SECONDS_PER_SLOT = 12;

  private static final String SIGN_PATH = "/api/v1/eth2/sign/";

  private final URI baseUrl;
  private final List<String> pubkeys;
  private final DutySchedule schedule;
  private final int connections;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** What one replay measured, over the duties due after the warm-up. */
  public record Result(
      long signatures,
      long distinctMessages,
      double seconds,
      double warmUpSeconds,
      boolean compilerQuietBeforeMeasuring,
      long slots,
      int largestAttestationBurst,
      long largestBurstDistinctMessages,
      long refusals,
      long errors,
      Map<Integer, Long> errorsByStatus,
      List<String> errorSamples,
      Map<String, LatencyRecorder.Percentiles> latencies,
      long processCpuNanos,
      long loadGeneratorCpuNanos) {
    public double signaturesPerSecond() {
      return seconds > 0 ? signatures / seconds : 0;
    }

    /** The share of measured signatures whose message no other key signed (1 when every message is new). */
    public double distinctMessageShare() {
      return signatures > 0 ? Math.min(1, distinctMessages / (double) signatures) : 1;
    }
  }

  public DutyReplay(URI baseUrl, List<String> pubkeys, DutySchedule schedule, int connections) {
    if (pubkeys.size() < schedule.validators()) {
      throw new IllegalArgumentException("validators: the signer holds " + pubkeys.size() + " keys, fewer than "
          + schedule.validators());
    }
    if (connections < 1) {
      throw new IllegalArgumentException("connections: must be at least 1, got " + connections);
    }
    new KeepAliveConnection(baseUrl).close(); // checks the URL now rather than on every connection
    this.baseUrl = baseUrl;
    this.pubkeys = pubkeys;
    this.schedule = schedule;
    this.connections = connections;
  }

  /**
   * Replays from {@code firstSlot}: unmeasured until {@code warmUp} is over (checked at the start of
   * each slot), then measured for {@code seconds} of wall time.
   */
  public Result run(long firstSlot, double speedUp, WarmUp warmUp, double seconds) throws InterruptedException {
    Run run = new Run();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread worker = new Thread(() -> run.work(new KeepAliveConnection(baseUrl)), "bench-connection-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long start = System.nanoTime();
    long end = Long.MAX_VALUE;
    long slot = firstSlot;
    long slots = 0;
    int largestBurst = 0;
    long largestBurstDistinct = 0;
    long measuredFrom = -1;
    long cpuAtStart = 0;
    long loadCpuAtStart = 0;
    List<CountDownLatch> outstanding = new ArrayList<>();
    replay:
    while (true) {
      for (Moment moment : Moment.values()) {
        long due = speedUp > 0
            ? start + (long) (((slot - firstSlot) + moment.fractionOfSlot) * SECONDS_PER_SLOT / speedUp * 1e9)
            : System.nanoTime();
        if (due >= end) {
          break replay;
        }
        if (speedUp > 0) {
          sleepUntil(due);
        }
        if (measuredFrom < 0 && moment == Moment.START && warmUp.isOver(start, due)) {
          measuredFrom = due;
          end = due + (long) (seconds * 1e9);
          cpuAtStart = processCpuNanos();
          loadCpuAtStart = loadGeneratorCpuNanos(workers);
        }
        boolean measured = measuredFrom >= 0;
        List<Duty> duties = schedule.duties(slot, moment);
        if (measured && moment == Moment.ATTESTATION_DEADLINE && duties.size() > largestBurst) {
          largestBurst = duties.size();
          largestBurstDistinct = distinctBodies(duties);
        }
        CountDownLatch drained = run.submit(duties, due, measured);
        if (speedUp > 0) {
          outstanding.add(drained);
        } else {
          drained.await();
        }
      }
      if (measuredFrom >= 0) {
        slots++;
      }
      slot++;
    }
    for (CountDownLatch drained : outstanding) {
      drained.await();
    }
    long processCpu = processCpuNanos() - cpuAtStart;
    long loadCpu = loadGeneratorCpuNanos(workers) - loadCpuAtStart;
    workers.forEach(Thread::interrupt);
    double elapsed = Math.max(0, (run.lastCompletion.get() - measuredFrom) / 1e9);
    return new Result(
        run.signatures.sum(),
        run.distinctMessages.sum(),
        elapsed,
        (measuredFrom - start) / 1e9,
        warmUp.compilerWasQuiet(),
        slots,
        largestBurst,
        largestBurstDistinct,
        run.refusals.sum(),
        run.errors.sum(),
        Map.copyOf(run.errorsByStatus),
        List.copyOf(run.errorSamples),
        run.latencies.percentiles(),
        processCpu,
        loadCpu);
  }

  /** Validators sending one body sign one message (one signing root). */
  private static long distinctBodies(List<Duty> duties) {
    return duties.stream().map(Duty::body).distinct().count();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time of the connection threads and of this (scheduling) thread. */
  private long loadGeneratorCpuNanos(List<Thread> workers) {
    long total = threads.getCurrentThreadCpuTime();
    for (Thread worker : workers) {
      total += Math.max(0, threads.getThreadCpuTime(worker.getId()));
    }
    return total;
  }

  private static void sleepUntil(long due) throws InterruptedException {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private record Pending(Duty duty, long due, boolean measured, CountDownLatch drained) {}

  /** The state of one replay, shared by its connection threads. */
  private final class Run {
    final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    final LatencyRecorder latencies = new LatencyRecorder();
    final LongAdder signatures = new LongAdder();
    final LongAdder distinctMessages = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder errors = new LongAdder();
    final Map<Integer, Long> errorsByStatus = new ConcurrentHashMap<>();
    final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong lastCompletion = new AtomicLong();

    CountDownLatch submit(List<Duty> duties, long due, boolean measured) {
      CountDownLatch drained = new CountDownLatch(duties.size());
      if (measured) {
        distinctMessages.add(distinctBodies(duties));
      }
      duties.forEach(duty -> queue.add(new Pending(duty, due, measured, drained)));
      return drained;
    }

    void work(KeepAliveConnection connection) {
      try (connection) {
        while (true) {
          Pending pending;
          try {
            pending = queue.take();
          } catch (InterruptedException e) {
            return;
          }
          try {
            send(connection, pending);
          } finally {
            pending.drained().countDown();
          }
        }
      }
    }

    private void send(KeepAliveConnection connection, Pending pending) {
      Duty duty = pending.duty();
      int status;
      String body;
      try {
        KeepAliveConnection.Response response = connection.postJson(
            SIGN_PATH + pubkeys.get(duty.validator()), duty.body().getBytes(StandardCharsets.UTF_8));
        status = response.status();
        body = response.body();
      } catch (IOException | RuntimeException e) {
        status = -1;
        body = e.toString();
      }
      long done = System.nanoTime();
      if (!pending.measured()) {
        return;
      }
      lastCompletion.accumulateAndGet(done, Math::max);
      if (status == 200) {
        signatures.increment();
        latencies.record(duty.type(), done - pending.due());
      } else if (status == 412) {
        refusals.increment();
        sample(duty, status, body);
      } else {
        errors.increment();
        errorsByStatus.merge(status, 1L, Long::sum);
        sample(duty, status, body);
      }
    }

    private void sample(Duty duty, int status, String body) {
      if (errorSamples.size() < 5) {
        errorSamples.add(duty.type() + " for validator " + duty.validator() + ": HTTP " + status + " " + body);
      }
    }
  }
}
