package dev.vigil.api;

import java.time.Duration;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What one client's connections may cost a listening port: at most {@code maxConnections} open at
 * once (beyond that the kernel queues new ones and no file descriptor is spent), idle ones closed
 * after {@code idleTimeout}, or after {@code idleTimeoutWhenFull} while the limit is reached, so
 * idle or trickling connections make room for honest ones; request headers bounded in size and
 * request bodies in how slowly they may arrive.
 */
public record ConnectionBounds(int maxConnections, Duration idleTimeout, Duration idleTimeoutWhenFull) {
  /** Request line plus headers, as Jetty's default; a validator client sends a few hundred bytes. */
  public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
  /**
   * A body arriving slower than this (bytes per second) is abandoned: a 4 MiB body may take 4
   * minutes. Jetty checks it on Javalin's (servlet) routes; {@link MinDataRateSource} on the core routes.
   */
  public static final long MIN_REQUEST_DATA_RATE = 16 * 1024;

  public ConnectionBounds {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections: must be at least 1, got " + maxConnections);
    }
  }

  /** The signing port's bounds for {@code maxConnections}: idle connections closed after 30 s, after 1 s when full. */
  public static ConnectionBounds of(int maxConnections) {
    return new ConnectionBounds(maxConnections, Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  /** Limits the connections of every connector {@code server} has when it starts. */
  void applyTo(Server server) {
    NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, server);
    limit.setEndPointIdleTimeout(idleTimeoutWhenFull.toMillis());
    server.addBean(limit);
    // The limit shortens the idle timeout of the connections open when it is reached; one opened
    // while it is reached (accepted just before, set up just after) is given the short one here.
    Connection.Listener shortWhenFull = new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        if (limit.getNetworkConnectionCount() >= maxConnections) {
          connection.getEndPoint().setIdleTimeout(idleTimeoutWhenFull.toMillis());
        }
      }
    };
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : server.getConnectors()) {
          ((AbstractConnector) connector).setIdleTimeout(idleTimeout.toMillis());
          ((AbstractConnector) connector).addEventListener(shortWhenFull);
        }
      }
    });
  }

  /** Bounds the request headers and the body rate of connections using {@code http}. */
  static void applyTo(HttpConfiguration http) {
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
  }
}
