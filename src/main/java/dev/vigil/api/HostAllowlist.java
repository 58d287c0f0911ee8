package dev.vigil.api;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Requests must name an allowed host in their Host header (as Web3Signer's
 * --http-host-allowlist): this blocks DNS-rebinding attacks from a browser on the same machine.
 */
public final class HostAllowlist {
  private final boolean any;
  private final Set<String> hosts;

  public HostAllowlist(List<String> entries) {
    this.any = entries.stream().anyMatch(e -> e.trim().equals("*"));
    this.hosts =
        entries.stream()
            .map(e -> e.trim().toLowerCase(Locale.ROOT))
            .filter(e -> !e.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a request with this Host header value may be served. */
  public boolean allows(String hostHeader) {
    if (any) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    return hosts.contains(hostName(hostHeader.trim()).toLowerCase(Locale.ROOT));
  }

  /** The host part of a Host header: strips the port, keeps IPv6 literals without brackets. */
  static String hostName(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int end = hostHeader.indexOf(']');
      return end < 0 ? hostHeader : hostHeader.substring(1, end);
    }
    int colon = hostHeader.indexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }
}
