package dev.vigil.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;

/** Reading JSON request bodies and writing JSON responses, with the contract's errors. */
public final class JsonBodies {
  private final ObjectMapper mapper;

  public JsonBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The request body as JSON: 415 unless Content-Type is JSON, 413 when too large, 400 when malformed. */
  public JsonNode read(Context ctx) {
    requireJsonContentType(ctx.contentType());
    requireWithinLimit(ctx.req().getContentLengthLong());
    byte[] body;
    try {
      body = ctx.req().getInputStream().readNBytes((int) HttpServerOptions.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    } catch (HttpException.RuntimeException e) {
      // Jetty's own refusal while reading, e.g. 408 for a body below the minimum data rate.
      throw new ApiException(e.getCode(), "could not read the request body: " + e.getReason());
    }
    requireWithinLimit(body.length);
    return parseObject(body);
  }

  /** 415 unless {@code contentType} is JSON. */
  static void requireJsonContentType(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "request body must be Content-Type: application/json");
    }
  }

  /** 413 when a body of {@code length} bytes (negative: not known yet) is over the limit. */
  static void requireWithinLimit(long length) {
    if (length > HttpServerOptions.MAX_BODY_BYTES) {
      throw tooLarge();
    }
  }

  /** A whole body as a JSON object; 400 naming what is wrong. */
  JsonNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty");
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    } catch (HttpException.RuntimeException e) {
      // Jetty's own refusal while reading, e.g. 408 for a body below the minimum data rate.
      throw new ApiException(e.getCode(), "could not read the request body: " + e.getReason());
    }
  }

  /** Writes {@code value} as the JSON response with {@code status}. */
  public void write(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json").result(toBytes(value));
  }

  byte[] toBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise response", e);
    }
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  static ApiException tooLarge() {
    return new ApiException(
        413, "request body larger than " + HttpServerOptions.MAX_BODY_BYTES / (1024 * 1024) + " MiB");
  }
}
