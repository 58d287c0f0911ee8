package dev.vigil.signer;

/**
 * A block or attestation may not be signed yet: the freshness witnesses have not (or not in time)
 * acknowledged it or told their highs at start, or the restart hold is still running. Nothing is
 * released; the request may be retried (HTTP 503).
 */
public final class FreshnessUnavailableException extends RuntimeException {
  public FreshnessUnavailableException(String message) {
    super(message);
  }

  public FreshnessUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
