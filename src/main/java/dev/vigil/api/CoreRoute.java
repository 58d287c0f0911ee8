package dev.vigil.api;

/**
 * A route served on Jetty's core API ahead of Javalin, for the hot path: no servlet layer and no
 * async dispatch, the answer is written by whichever thread finishes the work. A {@link Routes}
 * group that also implements this is given every request whose path starts with
 * {@link #pathPrefix()}, whatever its method, after the host allowlist.
 */
public interface CoreRoute {
  String pathPrefix();

  /** Handles one request; must answer it through {@code exchange} exactly once, now or later. */
  void handle(CoreExchange exchange);
}
