package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: conflicting requests, slow clients, persistent connections. */
class ServeConcurrencyTest {
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static List<BLSPubkey> keys;

  @BeforeAll
  static void start() throws Exception {
    keys = SignerFixture.sealTestKeys(dir, 3);
    signer = SignerFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  @Test
  void conflictingAttestationsRacingForOneKeyGetExactlyOneSignature() throws Exception {
    String path = "/api/v1/eth2/sign/" + keys.get(0).toHexString();
    ExecutorService clients = Executors.newFixedThreadPool(32);
    try {
      List<CompletableFuture<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String body = Requests.attestation(1, 2, Requests.root(i + 1));
        statuses.add(CompletableFuture.supplyAsync(() -> status(path, body), clients));
      }
      List<Integer> results = statuses.stream().map(CompletableFuture::join).toList();
      assertThat(results).filteredOn(s -> s == 200).hasSize(1);
      assertThat(results).filteredOn(s -> s == 412).hasSize(63);
    } finally {
      clients.shutdownNow();
    }
  }

  private static int status(String path, String body) {
    try {
      return signer.postJson(path, body, null).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSlowClientDoesNotStallOthers() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", signer.service.httpPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(("POST /api/v1/eth2/sign/" + keys.get(1).toHexString() + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The slow client's request is still incomplete; others are served meanwhile.
      for (int epoch = 1; epoch <= 20; epoch++) {
        HttpResponse<String> response = signer.postJson(
            "/api/v1/eth2/sign/" + keys.get(2).toHexString(), Requests.randaoReveal(epoch, Requests.GVR), null);
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(slow.isClosed()).isFalse();
    }
  }

  @Test
  void oneConnectionServesManyRequests() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", signer.service.httpPort())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (int i = 0; i < 5; i++) {
        out.write("GET /upcheck HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = 0;
        for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
          if (header.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).trim());
          }
        }
        char[] body = new char[length];
        assertThat(in.read(body)).isEqualTo(length);
        assertThat(new String(body)).isEqualTo("OK");
      }
    }
  }
}
