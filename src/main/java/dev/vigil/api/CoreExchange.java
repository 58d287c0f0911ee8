package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request to a {@link CoreRoute} and its answer, with the same JSON bodies and errors as every other route. */
public final class CoreExchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final JsonBodies json;
  private final AtomicBoolean answered = new AtomicBoolean();

  CoreExchange(Request request, Response response, Callback callback, JsonBodies json) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.json = json;
  }

  public String method() {
    return request.getMethod();
  }

  /** The decoded path. */
  public String path() {
    return Request.getPathInContext(request);
  }

  public String header(HttpHeader name) {
    return request.getHeaders().get(name);
  }

  /**
   * The body as a JSON object (checks as {@link JsonBodies#read}: 415, 413, 400). Completes at once
   * when the body has already arrived, as it has for all but the largest requests.
   */
  public CompletableFuture<JsonNode> readJsonObject() {
    JsonBodies.requireJsonContentType(header(HttpHeader.CONTENT_TYPE));
    JsonBodies.requireWithinLimit(request.getLength());
    Content.Source body = new MinDataRateSource(request, ConnectionBounds.MIN_REQUEST_DATA_RATE);
    return Content.Source.asByteArrayAsync(body, (int) HttpServerOptions.MAX_BODY_BYTES + 1)
        .handle((bytes, failure) -> {
          if (failure != null) {
            Throwable cause = ApiException.causeOf(failure);
            if (cause instanceof ApiException slow) {
              throw slow;
            }
            // Jetty reports a body beyond maxSize as an IllegalStateException ("Max size … exceeded").
            throw cause instanceof IllegalStateException
                ? JsonBodies.tooLarge()
                : ApiException.badRequest("could not read the request body: " + cause.getMessage());
          }
          JsonBodies.requireWithinLimit(bytes.length);
          return json.parseObject(bytes);
        });
  }

  public void respondJson(int status, Object value) {
    respond(status, "application/json", json.toBytes(value));
  }

  public void respondText(int status, String text) {
    respond(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  /** The error response for {@code error}: its status for an {@link ApiException}, otherwise a logged 500. */
  public void respondError(Throwable error) {
    ApiException api = ApiException.from(error, method() + " " + path());
    respondJson(api.status(), new ErrorBody(api.status(), api.getMessage()));
  }

  private void respond(int status, String contentType, byte[] body) {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("answered twice: " + method() + " " + path());
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
