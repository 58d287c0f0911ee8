package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers from a signer or a beacon node are read up to a bound, and errors quote a bounded part of them. */
class JsonHttpBoundsTest {
  private HttpServer server;
  private JsonHttp http;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // An answer of MAX_ANSWER_BYTES + 64 KiB of spaces (valid JSON whitespace), sent as it is produced.
    server.createContext("/huge", exchange -> {
      byte[] spaces = new byte[64 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        for (long sent = 0; sent <= JsonHttp.MAX_ANSWER_BYTES; sent += spaces.length) {
          body.write(spaces);
        }
      } catch (IOException clientStopped) {
        // the client stopped reading, as it should
      }
    });
    server.createContext("/long-error", exchange -> {
      byte[] answer = ("{\"code\":500,\"message\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(500, answer.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(answer);
      }
    });
    server.start();
    http = new JsonHttp(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(), "the beacon node", Optional.empty());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anAnswerBeyondTheBoundIsNotRead() {
    assertThatThrownBy(() -> http.get("/huge"))
        .isInstanceOf(RemoteCallException.class)
        .hasMessageContaining("longer than " + JsonHttp.MAX_ANSWER_BYTES + " bytes");
  }

  @Test
  void aFailureQuotesAtMost120CharactersOfTheServersMessage() {
    JsonHttp.Response response = http.get("/long-error");

    String message = http.failure(response, "GET /long-error").getMessage();

    assertThat(message).contains("answered HTTP 500 to GET /long-error: " + "x".repeat(120) + "…").doesNotContain("x".repeat(121));
  }
}
