package dev.vigil.api;

import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A request that ends with an HTTP error status and a message saying what was wrong. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ApiException.class);
  /** Longest message sent back: whatever input a message quotes, the answer stays small. */
  static final int MAX_MESSAGE_CHARS = 1024;

  private final int status;

  public ApiException(int status, String message) {
    super(message != null && message.length() > MAX_MESSAGE_CHARS
        ? message.substring(0, MAX_MESSAGE_CHARS) + "…"
        : message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * The answer to a request that failed with {@code error} (possibly wrapped by a future): itself
   * when it is an ApiException, otherwise a 500 that says nothing more, with the cause logged
   * against {@code request}.
   */
  public static ApiException from(Throwable error, String request) {
    Throwable cause = causeOf(error);
    if (cause instanceof ApiException api) {
      return api;
    }
    LOG.error("internal error on {}", request, cause);
    return new ApiException(500, "internal error");
  }

  /** What a future failed with: the cause of its CompletionException. */
  static Throwable causeOf(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
