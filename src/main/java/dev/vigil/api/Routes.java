package dev.vigil.api;

import io.javalin.config.RoutesConfig;

/** A group of HTTP routes that registers itself with the server. */
public interface Routes {
  void register(RoutesConfig routes);
}
