package dev.vigil.api;

import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.protection.UnpinnedChainException;
import dev.vigil.signer.FreshnessUnavailableException;
import dev.vigil.signer.KeyMismatchException;
import dev.vigil.signer.KeyRing;
import dev.vigil.signer.SignableMessage;
import dev.vigil.signer.Signer;
import dev.vigil.signer.SigningRefusedException;
import dev.vigil.signer.UnknownKeyException;
import dev.vigil.spec.BLSPubkey;
import io.javalin.config.RoutesConfig;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /api/v1/eth2/sign/{pubkey}} (the hot path, on Jetty's core API: see {@link CoreRoute})
 * and {@code GET /api/v1/eth2/publicKeys}.
 */
public final class SigningRoutes implements Routes, CoreRoute {
  private static final String SIGN_PREFIX = "/api/v1/eth2/sign/";

  private final Signer signer;
  private final KeyRing keys;
  private final Eth2RequestDecoder decoder;
  private final JsonBodies json;
  private final SigningTokenPolicy tokenPolicy;

  public SigningRoutes(Signer signer, KeyRing keys, Eth2RequestDecoder decoder, JsonBodies json, SigningTokenPolicy tokenPolicy) {
    this.signer = signer;
    this.keys = keys;
    this.decoder = decoder;
    this.json = json;
    this.tokenPolicy = tokenPolicy;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/api/v1/eth2/publicKeys",
        ctx -> json.write(ctx, 200, keys.publicKeys().stream().map(BLSPubkey::toHexString).toList()));
  }

  @Override
  public String pathPrefix() {
    return SIGN_PREFIX;
  }

  /** Answered from the thread that finishes: the caller's for an error, a signing thread for a signature. */
  @Override
  public void handle(CoreExchange exchange) {
    String pubkeyText = exchange.path().substring(SIGN_PREFIX.length());
    if (pubkeyText.contains("/")) {
      throw ApiException.notFound("no route " + exchange.method() + " " + exchange.path());
    }
    if (!exchange.method().equals("POST")) {
      throw new ApiException(405, "method not allowed");
    }
    BLSPubkey pubkey = parsePubkey(pubkeyText);
    // Before the body is read or decoded: an unknown key costs no parsing (issue 12 §2).
    if (!keys.contains(pubkey)) {
      throw ApiException.notFound(new UnknownKeyException(pubkey).getMessage());
    }
    boolean wantsJson = acceptsJson(exchange.header(HttpHeader.ACCEPT));
    String authorization = exchange.header(HttpHeader.AUTHORIZATION);
    exchange.readJsonObject()
        .thenCompose(body -> {
          SignableMessage message = decoder.decode(body);
          tokenPolicy.check(message.type(), authorization);
          return signer.sign(pubkey, message);
        })
        .whenComplete((signature, error) -> {
          if (error != null) {
            exchange.respondError(toApiError(error));
          } else if (wantsJson) {
            exchange.respondJson(200, Map.of("signature", signature.toHexString()));
          } else {
            exchange.respondText(200, signature.toHexString());
          }
        });
  }

  /** JSON when Accept allows it (application/json, application/*, *\/*); text/plain otherwise, also when absent. */
  static boolean acceptsJson(String accept) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String mediaType = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (mediaType.equals("application/json") || mediaType.equals("application/*") || mediaType.equals("*/*")) {
        return true;
      }
    }
    return false;
  }

  static BLSPubkey parsePubkey(String text) {
    try {
      return BLSPubkey.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("pubkey: " + e.getMessage());
    }
  }

  private static Throwable toApiError(Throwable error) {
    Throwable cause = ApiException.causeOf(error);
    if (cause instanceof UnknownKeyException) {
      return ApiException.notFound(cause.getMessage());
    }
    if (cause instanceof SigningRefusedException) {
      return new ApiException(412, cause.getMessage());
    }
    if (cause instanceof KeyMismatchException) {
      return new ApiException(500, cause.getMessage());
    }
    if (cause instanceof UnpinnedChainException) {
      return new ApiException(403, cause.getMessage());
    }
    if (cause instanceof FreshnessUnavailableException) {
      return new ApiException(503, cause.getMessage());
    }
    if (cause instanceof ProtectionUnavailableException) {
      return new ApiException(503, "slashing protection store unavailable: " + cause.getMessage());
    }
    return cause;
  }
}
