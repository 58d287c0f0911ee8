package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.attestation.BoundedBodyHandler;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * JSON over HTTP to one server (the signer or a beacon node): transport failures become one-line
 * {@link RemoteCallException}s naming the server; status codes are left to the caller.
 */
final class JsonHttp {
  static final ObjectMapper JSON = BoundedJson.mapper();
  /**
   * Longest answer read: the largest is the signer's key list (GET /eth/v1/keystores, about 200
   * bytes a key, so some 300,000 keys); the beacon node's answers read here (genesis, head,
   * validators by 64 ids) are a few KiB.
   */
  static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;
  /** Most characters of an answer quoted in an error. */
  static final int MAX_QUOTED_CHARS = 120;
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  /** A response: status and body text. */
  record Response(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final String baseUrl;
  private final String who;
  private final Optional<String> bearerToken;

  JsonHttp(HttpClient client, String baseUrl, String who, Optional<String> bearerToken) {
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.who = who;
    this.bearerToken = bearerToken;
  }

  /** "the signer at http://…": how messages name the server. */
  String who() {
    return who + " at " + baseUrl;
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response send(String method, String path, String jsonBody) {
    return send(request(path)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)));
  }

  /** Parses a body that must be JSON; anything else is reported as nonsense from the server. */
  JsonNode json(Response response, String what) {
    try {
      JsonNode node = JSON.readTree(response.body());
      if (node == null || node.isMissingNode()) {
        throw nonsense(what, "an empty body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw nonsense(what, "no JSON: " + abbreviate(response.body()));
    }
  }

  /** An answer that is not what the API promises. */
  RemoteCallException nonsense(String what, String detail) {
    return new RemoteCallException(who() + " answered nonsense to " + what + ": " + detail);
  }

  /** A non-2xx answer: the status and the server's own message when it sent the standard error body. */
  RemoteCallException failure(Response response, String what) {
    String message = abbreviate(response.body());
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.hasNonNull("message")) {
        message = abbreviate(body.get("message").asText());
      }
    } catch (JsonProcessingException e) {
      // not the standard error body: show the text as it came
    }
    return new RemoteCallException(who() + " answered HTTP " + response.status() + " to " + what
        + (message.isBlank() ? "" : ": " + message));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid http(s) URL for " + who + ": " + baseUrl);
    }
    builder.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    bearerToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response = client.send(request.build(), BoundedBodyHandler.ofAtMost(MAX_ANSWER_BYTES));
      return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new RemoteCallException("cannot reach " + who() + " (" + reason(e) + ")");
    } catch (HttpTimeoutException e) {
      throw new RemoteCallException(who() + " did not answer in time");
    } catch (SSLException e) {
      throw new RemoteCallException("TLS with " + who() + " failed: " + reason(e));
    } catch (IOException e) {
      throw new RemoteCallException("request to " + who() + " failed: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException("interrupted while waiting for " + who());
    }
  }

  /** The innermost message along a transport failure's causes: the JDK wraps the useful one in generic ones. */
  private static String reason(Throwable e) {
    String reason = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !message.isBlank()) {
        reason = message.lines().findFirst().orElse(message);
      }
    }
    if (reason != null) {
      return reason;
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  /** At most {@link #MAX_QUOTED_CHARS} of {@code text}, on one line: how errors quote an answer. */
  static String abbreviate(String text) {
    String head = text.length() <= 4 * MAX_QUOTED_CHARS ? text : text.substring(0, 4 * MAX_QUOTED_CHARS);
    String line = head.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_QUOTED_CHARS && head.length() == text.length()
        ? line
        : line.substring(0, Math.min(line.length(), MAX_QUOTED_CHARS)) + "…";
  }
}
