package dev.vigil.api;

import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Serves the {@link CoreRoute}s (after the host allowlist) and passes every other request to Javalin inside it. */
final class CoreRoutesHandler extends Handler.Wrapper {
  private final List<CoreRoute> routes;
  private final HostAllowlist allowlist;
  private final JsonBodies json;
  /** Large bodies one at a time over all core routes (see {@link LargeBodyGate}). */
  private final LargeBodyGate largeBodies = new LargeBodyGate();

  CoreRoutesHandler(List<CoreRoute> routes, HostAllowlist allowlist, JsonBodies json) {
    this.routes = List.copyOf(routes);
    this.allowlist = allowlist;
    this.json = json;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    for (CoreRoute route : routes) {
      if (path.startsWith(route.pathPrefix())) {
        if (LargeBodyGate.isLarge(request.getLength())) {
          largeBodies.enter(request.getLength(), callback, request.getComponents().getScheduler(),
              gated -> serve(route, request, response, gated));
        } else {
          serve(route, request, response, callback);
        }
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private void serve(CoreRoute route, Request request, Response response, Callback callback) {
    CoreExchange exchange = new CoreExchange(request, response, callback, json);
    try {
      if (!allowlist.allows(request.getHeaders().get(HttpHeader.HOST))) {
        throw new ApiException(403, "Host not authorized");
      }
      route.handle(exchange);
    } catch (RuntimeException e) {
      exchange.respondError(e);
    }
  }
}
