package dev.vigil.api;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** {@code GET /metrics} in the Prometheus text format, on its own port. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(String host, int port, PrometheusRegistry registry) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writer.write(body, registry.scrape());
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
              body.writeTo(out);
            }
          }
        });
    server.start();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
