package dev.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code vigil serve} as a process of its own on a data dir and measures the time from
 * process start until it is ready (/upcheck answers 200 and every key is loaded), then its resident
 * memory (VmRSS) at that moment.
 */
public final class StartupProbe {
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private final List<String> javaCommand;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * What one start measured; {@code cpuSeconds} is the CPU the process used until ready (user and
   * system), which unlike the wall time does not depend on what else the machine runs meanwhile.
   */
  public record Result(double readySeconds, int keys, double rssMib, double cpuSeconds) {}

  /** {@code javaCommand}: the java launcher, JVM options and class path, up to the main class. */
  public StartupProbe(List<String> javaCommand) {
    this.javaCommand = List.copyOf(javaCommand);
  }

  /** The java that runs this process, with its class path and {@code jvmArgs}. */
  public static StartupProbe sameJava(List<String> jvmArgs) {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return new StartupProbe(command);
  }

  /** Starts the signer on {@code dataDir}, which holds {@code expectedKeys} sealed keys, and measures it. */
  public Result measure(Path dataDir, int expectedKeys) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of("dev.vigil.cli.Vigil", "serve", "--data-dir", dataDir.toString(),
        "--http-listen-port", Integer.toString(port), "--allow-empty-slashing-protection"));
    Path log = dataDir.resolve("startup.log");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      int keys = awaitReady(process, base, expectedKeys, log);
      double readySeconds = (System.nanoTime() - start) / 1e9;
      return new Result(readySeconds, keys, residentMib(process.pid()), cpuSeconds(process.pid()));
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private int awaitReady(Process process, URI base, int expectedKeys, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("vigil serve exited with " + process.exitValue() + " before it was ready; its log: "
            + Files.readString(log));
      }
      if (get(base.resolve("/upcheck")) != null) {
        // Keys are loaded before the HTTP server starts; this confirms that all of them are.
        JsonNode keys = mapper.readTree(get(base.resolve("/api/v1/eth2/publicKeys")));
        if (keys.size() == expectedKeys) {
          return keys.size();
        }
        throw new IllegalStateException("vigil serve is up with " + keys.size() + " keys, expected " + expectedKeys);
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("vigil serve was not ready within " + GIVE_UP_AFTER.toSeconds() + " s; its log: "
        + Files.readString(log));
  }

  /** The body of a 200 answer, or null while the server does not answer yet. */
  private String get(URI uri) throws InterruptedException {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** VmRSS of a Linux process, in MiB. */
  static double residentMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return Math.round(kib / 1024.0 * 10) / 10.0;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }

  /** utime + stime of a Linux process (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s). */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; the fields after it are counted from its ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
