package dev.vigil.protection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts the client's round trips: the points where it
 * stops and waits for the server, which in the wire protocol are Sync messages and simple
 * Queries. pgjdbc's BEGIN is a simple Query it sends ahead of the next statement without waiting,
 * so it is not counted. Reads the framing, so the connection must not use TLS.
 */
final class RoundTripCountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicLong roundTrips = new AtomicLong();
  private final List<Socket> sockets = new ArrayList<>();

  RoundTripCountingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::acceptLoop, "round-trip-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long roundTrips() {
    return roundTrips.get();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client, upstream, new ClientMessages());
        pump(upstream, client, null);
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  /** Splits the client's stream into messages (the first, StartupMessage, has no type byte). */
  private final class ClientMessages {
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean started;
    private int type;
    private long left = -1;
    private final byte[] length = new byte[4];
    private int lengthBytes;

    void seen(byte[] buffer, int n) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (left < 0) {
          if (started && type == 0) {
            type = b & 0xff;
            continue;
          }
          length[lengthBytes++] = b;
          if (lengthBytes == 4) {
            lengthBytes = 0;
            left = (((length[0] & 0xffL) << 24) | ((length[1] & 0xff) << 16)
                | ((length[2] & 0xff) << 8) | (length[3] & 0xff)) - 4;
            message.reset();
            if (left == 0) {
              finish();
            }
          }
          continue;
        }
        message.write(b);
        if (--left == 0) {
          finish();
        }
      }
    }

    private void finish() {
      String payload = message.toString(StandardCharsets.US_ASCII);
      if (type == 'S' || (type == 'Q' && !payload.startsWith("BEGIN"))) {
        roundTrips.incrementAndGet();
      }
      started = true;
      type = 0;
      left = -1;
    }
  }

  private static void pump(Socket from, Socket to, ClientMessages observer) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[65536];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (observer != null) {
            observer.seen(buffer, n);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // Connection closed.
      }
    }, "round-trip-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
