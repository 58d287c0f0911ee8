package dev.vigil.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Honest attestation latency with and without hostile load (issue 12 §2 and §4): a paced stream of
 * honest attestations over a few keep-alive connections, measured from the moment each was due,
 * alone, then beside connections sending worst-case bad bodies as fast as they can, then beside
 * many idle connections that trickle a byte now and then to stay open.
 */
public final class FloodBench implements AutoCloseable {
  private static final String SIGN_PATH = "/api/v1/eth2/sign/";
  private static final int HONEST_CONNECTIONS = 4;
  private static final int BAD_BODY_CHARS = 1 << 20;
  private static final long TRICKLE_NANOS = 500_000_000L;

  private final URI base;
  private final List<String> pubkeys;
  private final double honestPerSecond;
  /** Kept open across phases, as a validator client keeps its connections; reopened only when closed. */
  private final List<KeepAliveConnection> honestConnections = new ArrayList<>();
  private long nextSlot;

  /** Honest latencies of one phase (ms) and what the hostile load achieved meanwhile. */
  public record Phase(String name, LatencyRecorder.Percentiles honest, long honestErrors,
      long hostileRequests, Map<Integer, Long> hostileStatuses, int hostileConnectionsOpen) {}

  public FloodBench(URI base, List<String> pubkeys, double honestPerSecond, long firstSlot) {
    if (honestPerSecond <= 0) {
      throw new IllegalArgumentException("honest rate: must be positive, got " + honestPerSecond);
    }
    this.base = base;
    this.pubkeys = List.copyOf(pubkeys);
    this.honestPerSecond = honestPerSecond;
    this.nextSlot = firstSlot;
    for (int i = 0; i < HONEST_CONNECTIONS; i++) {
      honestConnections.add(new KeepAliveConnection(base));
    }
  }

  /** The bodies a hostile client without token or key sends: each refused, each as costly as it can make it. */
  static List<Request> badRequests(String knownKey, String unknownKey) {
    String digits = "9".repeat(BAD_BODY_CHARS);
    String slot = """
        {"type":"AGGREGATION_SLOT","fork_info":{"fork":{"previous_version":"0x00000000","current_version":"0x00000000",\
        "epoch":"0"},"genesis_validators_root":"0x%s"},"aggregation_slot":{"slot":"%s"}}""".formatted("00".repeat(32), digits);
    String type = "{\"type\":\"" + "X".repeat(BAD_BODY_CHARS) + "\"}";
    String root = DutyRequests.attestation(64).replaceFirst("\"beacon_block_root\":\"0x[0-9a-f]+\"",
        "\"beacon_block_root\":\"0x" + "zz".repeat(BAD_BODY_CHARS / 2) + "\"");
    String nested = "{\"type\":\"ATTESTATION\",\"attestation\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    return List.of(
        new Request(SIGN_PATH + knownKey, slot),
        new Request(SIGN_PATH + knownKey, type),
        new Request(SIGN_PATH + knownKey, root),
        new Request(SIGN_PATH + knownKey, nested),
        new Request(SIGN_PATH + unknownKey, slot));
  }

  record Request(String path, String body) {
    byte[] bytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Honest load alone for {@code seconds}. */
  public Phase baseline(double seconds) throws InterruptedException {
    return honest("no flood", seconds, () -> new Hostile(0, Map.of(), 0), () -> { });
  }

  /** Honest load beside {@code connections} threads sending {@link #badRequests} back to back. */
  public Phase badBodies(double seconds, int connections, String unknownKey) throws InterruptedException {
    List<byte[]> bodies = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (Request request : badRequests(pubkeys.get(0), unknownKey)) {
      paths.add(request.path());
      bodies.add(request.bytes());
    }
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder sent = new LongAdder();
    Map<Integer, Long> statuses = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      int offset = i;
      threads.add(daemon("flood-bad-body-" + i, () -> {
        try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
          for (int n = offset; !stop.get(); n++) {
            int status;
            try {
              status = connection.postJson(paths.get(n % paths.size()), bodies.get(n % bodies.size())).status();
            } catch (IOException | RuntimeException e) {
              status = -1;
              connection.close();
            }
            statuses.merge(status, 1L, Long::sum);
            sent.increment();
          }
        }
      }));
    }
    return honest(connections + " connections of bad bodies", seconds,
        () -> new Hostile(sent.sum(), new TreeMap<>(statuses), connections),
        () -> stopAll(stop, threads));
  }

  /** Honest load beside {@code count} connections holding a partial request open, a byte every half second. */
  public Phase slowConnections(double seconds, int count) throws InterruptedException {
    InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
    byte[] start = ("POST " + SIGN_PATH + pubkeys.get(0) + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nX-Slow: ")
        .getBytes(StandardCharsets.US_ASCII);
    Socket[] sockets = new Socket[count];
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder reopened = new LongAdder();
    Thread trickle = daemon("flood-slow", () -> {
      while (!stop.get()) {
        long round = System.nanoTime();
        for (int i = 0; i < count && !stop.get(); i++) {
          try {
            if (sockets[i] == null) {
              Socket socket = new Socket();
              socket.connect(address, 100);
              socket.getOutputStream().write(start);
              sockets[i] = socket;
              reopened.increment();
            } else {
              OutputStream out = sockets[i].getOutputStream();
              out.write('a');
            }
          } catch (IOException e) {
            closeQuietly(sockets[i]);
            sockets[i] = null;
          }
        }
        long wait = TRICKLE_NANOS - (System.nanoTime() - round);
        if (wait > 0) {
          sleepNanos(wait);
        }
      }
    });
    // Let the slow connections take their places before the honest load is measured.
    sleepNanos(Math.max(2_000_000_000L, count * 200_000L));
    try {
      return honest(count + " slow connections", seconds,
          () -> new Hostile(reopened.sum(), Map.of(), countOpen(sockets)),
          () -> stopAll(stop, List.of(trickle)));
    } finally {
      for (Socket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  private record Hostile(long requests, Map<Integer, Long> statuses, int open) {}

  private interface HostileSnapshot {
    Hostile take();
  }

  /** Paced honest attestations for {@code seconds}; the hostile load is snapshot at the end, then stopped. */
  private Phase honest(String name, double seconds, HostileSnapshot hostile, Runnable stopHostile)
      throws InterruptedException {
    BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
    LatencyRecorder latencies = new LatencyRecorder();
    LongAdder errors = new LongAdder();
    long slot = nextSlot;
    List<Thread> workers = new ArrayList<>();
    for (KeepAliveConnection connection : honestConnections) {
      workers.add(daemon("flood-honest-" + workers.size(), () -> {
        try {
          while (true) {
            long[] item = due.take();
            if (item.length == 0) {
              return;
            }
            int key = (int) item[1];
            long attestationSlot = item[2];
            int status;
            try {
              status = connection.postJson(SIGN_PATH + pubkeys.get(key),
                  DutyRequests.attestation(attestationSlot).getBytes(StandardCharsets.UTF_8)).status();
            } catch (IOException | RuntimeException e) {
              status = -1;
            }
            if (status == 200) {
              latencies.record("ATTESTATION", System.nanoTime() - item[0]);
            } else {
              errors.increment();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    long start = System.nanoTime();
    long total = (long) (seconds * honestPerSecond);
    for (long n = 0; n < total; n++) {
      long at = start + (long) (n * 1e9 / honestPerSecond);
      sleepNanos(at - System.nanoTime());
      int key = (int) (n % pubkeys.size());
      if (key == 0) {
        slot += DutySchedule.SLOTS_PER_EPOCH; // a new target epoch for every round of keys: never refused
      }
      due.add(new long[] {at, key, slot});
    }
    for (int i = 0; i < HONEST_CONNECTIONS; i++) {
      due.add(new long[0]);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    nextSlot = slot + DutySchedule.SLOTS_PER_EPOCH;
    Hostile snapshot = hostile.take();
    stopHostile.run();
    LatencyRecorder.Percentiles honest = latencies.percentiles().getOrDefault("ATTESTATION",
        LatencyRecorder.percentiles(new long[0]));
    return new Phase(name, honest, errors.sum(), snapshot.requests(), snapshot.statuses(), snapshot.open());
  }

  @Override
  public void close() {
    honestConnections.forEach(KeepAliveConnection::close);
  }

  private static int countOpen(Socket[] sockets) {
    int open = 0;
    for (Socket socket : sockets) {
      open += socket != null && !socket.isClosed() ? 1 : 0;
    }
    return open;
  }

  private static void stopAll(AtomicBoolean stop, List<Thread> threads) {
    stop.set(true);
    for (Thread thread : threads) {
      try {
        thread.join(70_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Thread daemon(String name, ThrowingRunnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private interface ThrowingRunnable {
    void run() throws InterruptedException;
  }

  private static void sleepNanos(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
