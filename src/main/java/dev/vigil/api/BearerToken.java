package dev.vigil.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The Keymanager API bearer token. Missing → 401, wrong → 403, as the Keymanager API standard
 * says; compared in constant time.
 */
public final class BearerToken {
  private final byte[] token;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the API token is empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Checks an Authorization header value; throws ApiException 401 or 403. */
  public void check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new ApiException(401, "missing Authorization: Bearer <token> header");
    }
    String prefix = "Bearer ";
    if (!authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new ApiException(401, "Authorization header is not a Bearer token");
    }
    byte[] presented = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(presented, token)) {
      throw new ApiException(403, "invalid API token");
    }
  }
}
