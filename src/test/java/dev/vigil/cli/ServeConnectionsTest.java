package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4 / issue 16: idle, partial and many connections on the signing and metrics ports
 * cannot stop honest requests or exhaust file descriptors. Waits are generous upper bounds on
 * behaviour that happens within about a second; without the bounds they are never met.
 */
class ServeConnectionsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  @TempDir Path dir;

  private static Socket openSending(int port, String text) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    return fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(PATIENCE).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the server closes {@code socket} within {@code patience}. */
  private static boolean closedByServer(Socket socket, Duration patience) throws IOException {
    socket.setSoTimeout((int) patience.toMillis());
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void closeAll(List<Socket> sockets) throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void partialRequestLinesDoNotHangMetrics() throws Exception {
    SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir, "--metrics-enabled", "--metrics-port", "0")) {
      int port = signer.service.metricsPort().orElseThrow();
      List<Socket> partial = new ArrayList<>();
      try {
        for (int i = 0; i < 10; i++) {
          partial.add(openSending(port, "GET /metr"));
        }
        HttpResponse<String> scrape = get(port, "/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("vigil_keys_loaded 1.0");
      } finally {
        closeAll(partial);
      }
    }
  }

  @Test
  void idleConnectionsBeyondTheLimitMakeRoomForAnHonestOne() throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir, "--http-max-connections", "4")) {
      int port = signer.service.httpPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          idle.add(openSending(port, "POST /api/v1/eth2/sign/" + key.toHexString() + " HTTP/1.1\r\nHost: localhost\r\n"));
        }
        // All 4 slots are taken: the honest connection is accepted only once one idle one is closed,
        // which the idle timeout (30 s, beyond PATIENCE) would not do; the full-limit one (1 s) does.
        HttpResponse<String> honest = get(port, "/upcheck");

        assertThat(honest.statusCode()).isEqualTo(200);
        long closed = 0;
        for (Socket socket : idle) {
          closed += closedByServer(socket, Duration.ofMillis(200)) ? 1 : 0;
        }
        assertThat(closed).isPositive();
      } finally {
        closeAll(idle);
      }
    }
  }

  @Test
  void manySlowConnectionsCostAtMostTheLimitInFileDescriptors() throws Exception {
    SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir, "--http-max-connections", "16")) {
      int port = signer.service.httpPort();
      long before = openFileDescriptors();
      List<Socket> slow = new ArrayList<>();
      try {
        // Within the limit plus the kernel's accept queue (50), so every connect completes at once.
        for (int i = 0; i < 60; i++) {
          slow.add(openSending(port, "G"));
        }
        Thread.sleep(500);
        long added = openFileDescriptors() - before;

        // 60 for the client ends in this JVM; without the limit the server would hold 60 more.
        assertThat(added).isLessThan(60 + 16 + 20);
      } finally {
        closeAll(slow);
      }
    }
  }

  /** What the server answers to a body of 4,000 bytes sent after {@code head} at 10 bytes a second, and how many were sent. */
  private record Trickled(String answer, int bytesSent) {}

  private static Trickled trickle(int port, String head) throws Exception {
    int declared = 4000;
    try (Socket socket = openSending(port, head + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n")) {
      // Well below 16 KiB/s: the body would take 400 s, and the bytes keep arriving faster than
      // the idle timeout would close the connection.
      int[] sent = {0};
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          for (; sent[0] < declared; sent[0]++) {
            out.write('{');
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closed) {
          // the server gave up on the body (or the test ended)
        }
      });
      writer.setDaemon(true);
      writer.start();
      socket.setSoTimeout((int) PATIENCE.toMillis());
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int bytesSent = sent[0];
      writer.interrupt();
      return new Trickled(answer, bytesSent);
    }
  }

  @Test
  void aSigningBodyTrickledBelowTheMinimumRateIsAbandoned() throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      Trickled trickled = trickle(signer.service.httpPort(),
          "POST /api/v1/eth2/sign/" + key.toHexString() + " HTTP/1.1\r\nHost: localhost\r\n");

      assertThat(trickled.answer()).startsWith("HTTP/1.1 408 ").contains("data rate");
      assertThat(trickled.bytesSent()).isLessThan(50);
    }
  }

  @Test
  void aKeymanagerBodyTrickledBelowTheMinimumRateIsAbandoned() throws Exception {
    SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      String token = Files.readString(signer.dataDir.resolve("api-token.txt")).strip();
      Trickled trickled = trickle(signer.service.httpPort(),
          "POST /eth/v1/keystores HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n");

      assertThat(trickled.answer()).startsWith("HTTP/1.1 408 ").contains("data rate");
      assertThat(trickled.bytesSent()).isLessThan(50);
    }
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> response = signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/upcheck"))
          .header("X-Padding", "a".repeat(16 * 1024)).build());

      assertThat(response.statusCode()).isEqualTo(431);
    }
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
