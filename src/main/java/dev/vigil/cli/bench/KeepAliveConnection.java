package dev.vigil.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One plain HTTP/1.1 keep-alive connection, used by one thread at a time: a request is one write,
 * the answer is read by Content-Length (or chunks) from a buffer of its own. The load generator
 * shares the signer's cores, so it must cost as little CPU per request as possible; java.net.http
 * costs several times more, and reading byte by byte through a BufferedInputStream twice this.
 */
final class KeepAliveConnection implements Closeable {
  private static final int TIMEOUT_MILLIS = 60_000;

  private final String host;
  private final int port;
  private final String hostHeader;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  /** Received bytes not yet consumed: buffer[start, end). */
  private byte[] buffer = new byte[8192];
  private int start;
  private int end;

  /** An answer: status and body. */
  record Response(int status, String body) {}

  KeepAliveConnection(URI base) {
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("url: only http:// is supported by the load generator, got " + base);
    }
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
    this.hostHeader = host + ":" + port;
  }

  /** POSTs a JSON body; reconnects once when a kept-alive connection turns out to be closed. */
  Response postJson(String path, byte[] body) throws IOException {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    boolean fresh = socket == null;
    try {
      return exchange(request);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      return exchange(request);
    }
  }

  private Response exchange(byte[] request) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      out = socket.getOutputStream();
      in = socket.getInputStream();
      start = 0;
      end = 0;
    }
    out.write(request);
    out.flush();
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        chunks.write(bytes(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
      body = chunks.toByteArray();
    } else if (length >= 0) {
      body = bytes((int) length);
    } else {
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      rest.write(buffer, start, end - start);
      rest.write(in.readAllBytes());
      body = rest.toByteArray();
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  /** The next line without its CR LF. */
  private String line() throws IOException {
    int searched = 0; // bytes after start known to hold no line end
    while (true) {
      for (int i = start + searched; i < end; i++) {
        if (buffer[i] == '\n') {
          int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
          start = i + 1;
          return line;
        }
      }
      searched = end - start;
      fill();
    }
  }

  /** The next {@code count} bytes. */
  private byte[] bytes(int count) throws IOException {
    byte[] result = new byte[count];
    int copied = Math.min(count, end - start);
    System.arraycopy(buffer, start, result, 0, copied);
    start += copied;
    while (copied < count) {
      int read = in.read(result, copied, count - copied);
      if (read < 0) {
        throw new EOFException("answer ended after " + copied + " of " + count + " bytes");
      }
      copied += read;
    }
    return result;
  }

  /** Reads more into the buffer, after moving what is left to its start (and growing it when full). */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
    }
    int read = in.read(buffer, end, buffer.length - end);
    if (read < 0) {
      throw new EOFException("connection closed by the signer");
    }
    end += read;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing left to release
      }
      socket = null;
    }
  }
}
