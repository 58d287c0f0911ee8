package dev.vigil.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Whether the client of a request being handled has closed its connection. Jetty reads nothing
 * from an HTTP/1.1 connection while its handler runs, so it would only notice when writing the
 * response; this asks the connection itself with a non-blocking read of one byte: end of stream (or
 * a failure) means the client is gone. A byte read belongs to a request the client pipelined
 * behind this one and cannot be given back, so the probing stops there and the connection is closed
 * after this response (RFC 9112 §9.3.2: the client sends an unanswered pipelined request again).
 * A client that only shuts down its sending side counts as gone too; it still gets the response.
 */
final class ClientConnection implements BooleanSupplier {
  private final Context ctx;
  private final EndPoint endPoint;
  private boolean probing = true;

  private ClientConnection(Context ctx, EndPoint endPoint) {
    this.ctx = ctx;
    this.endPoint = endPoint;
  }

  /** The connection of the request {@code ctx} is handling, which must have read its whole body. */
  static ClientConnection of(Context ctx) {
    return new ClientConnection(ctx,
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint());
  }

  /** True once the client has closed the connection (or it failed). */
  @Override
  public boolean getAsBoolean() {
    if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
      return true;
    }
    if (!probing || endPoint.isFillInterested()) {
      return false;
    }
    ByteBuffer oneByte = BufferUtil.allocate(1);
    try {
      int read = endPoint.fill(oneByte);
      if (read > 0) {
        probing = false;
        ctx.header("Connection", "close");
      }
      return read < 0;
    } catch (IOException e) {
      return true;
    }
  }
}
