package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer's answer is read up to the limit and no further. */
class BoundedBodyHandlerTest {
  private static final int LIMIT = 64 * 1024;
  private HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      int size = Integer.parseInt(exchange.getRequestURI().getQuery());
      exchange.sendResponseHeaders(200, 0); // chunked: no length announced up front
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[size]);
      } catch (IOException e) {
        // the client stopped reading: expected beyond the limit
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpRequest request(int size) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/?" + size)).build();
  }

  @Test
  void bodyUpToTheLimitIsRead() throws Exception {
    assertThat(client.send(request(LIMIT), BoundedBodyHandler.ofAtMost(LIMIT)).body()).hasSize(LIMIT);
  }

  @Test
  void longerBodyFailsNamingTheLimit() {
    assertThatThrownBy(() -> client.send(request(LIMIT + 1), BoundedBodyHandler.ofAtMost(LIMIT)))
        .isInstanceOf(IOException.class).hasMessageContaining("longer than " + LIMIT + " bytes");
    assertThatThrownBy(() -> client.send(request(16 * LIMIT), BoundedBodyHandler.ofAtMost(LIMIT)))
        .isInstanceOf(IOException.class).hasMessageContaining("longer than " + LIMIT + " bytes");
  }
}
