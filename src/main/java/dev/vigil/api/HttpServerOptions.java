package dev.vigil.api;

import java.util.List;
import java.util.Optional;

/** Where and how the HTTP API listens. */
public record HttpServerOptions(
    String host, int port, List<String> hostAllowlist, Optional<TlsOptions> tls, ConnectionBounds connections) {

  /** Request bodies larger than this are refused with 413. */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
}
