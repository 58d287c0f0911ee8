package dev.vigil.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code GET /metrics} in the Prometheus text format, on its own port. Served by Jetty (non-blocking
 * reads), so a partial request line holds no thread and blocks no other scrape; connections are
 * bounded as on the signing port, fewer of them (a scraper uses one).
 */
public final class MetricsServer implements AutoCloseable {
  /** Connections open at once on the metrics port. */
  public static final int MAX_CONNECTIONS = 64;
  private static final ConnectionBounds BOUNDS =
      new ConnectionBounds(MAX_CONNECTIONS, Duration.ofSeconds(30), Duration.ofSeconds(1));

  private final Server server;
  private final ServerConnector connector;

  private MetricsServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  public static MetricsServer start(String host, int port, PrometheusRegistry registry) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("vigil-metrics");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ConnectionBounds.applyTo(http);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    BOUNDS.applyTo(server);
    server.setHandler(new MetricsHandler(registry));
    try {
      server.start();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start the metrics server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new MetricsServer(server, connector);
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the metrics server", e);
    }
  }

  private static final class MetricsHandler extends Handler.Abstract.NonBlocking {
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsHandler(PrometheusRegistry registry) {
      this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
      if (!Request.getPathInContext(request).equals("/metrics")) {
        Response.writeError(request, response, callback, 404);
      } else if (!request.getMethod().equals("GET")) {
        Response.writeError(request, response, callback, 405);
      } else {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.write(body, registry.scrape());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
      }
      return true;
    }
  }
}
