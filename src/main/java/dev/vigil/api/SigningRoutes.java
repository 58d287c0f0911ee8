package dev.vigil.api;

import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.signer.KeyMismatchException;
import dev.vigil.signer.KeyRing;
import dev.vigil.signer.SignableMessage;
import dev.vigil.signer.Signer;
import dev.vigil.signer.SigningRefusedException;
import dev.vigil.signer.UnknownKeyException;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** {@code POST /api/v1/eth2/sign/{pubkey}} and {@code GET /api/v1/eth2/publicKeys}. */
public final class SigningRoutes implements Routes {
  private final Signer signer;
  private final KeyRing keys;
  private final Eth2RequestDecoder decoder;
  private final JsonBodies json;

  public SigningRoutes(Signer signer, KeyRing keys, Eth2RequestDecoder decoder, JsonBodies json) {
    this.signer = signer;
    this.keys = keys;
    this.decoder = decoder;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/v1/eth2/sign/{pubkey}", this::sign);
    routes.get(
        "/api/v1/eth2/publicKeys",
        ctx -> json.write(ctx, 200, keys.publicKeys().stream().map(BLSPubkey::toHexString).toList()));
  }

  private void sign(Context ctx) {
    BLSPubkey pubkey = parsePubkey(ctx.pathParam("pubkey"));
    SignableMessage message = decoder.decode(json.read(ctx));
    boolean wantsJson = acceptsJson(ctx.header("Accept"));
    ctx.future(
        () ->
            signer
                .sign(pubkey, message)
                .handle(
                    (signature, error) -> {
                      if (error != null) {
                        HttpServer.writeError(ctx, json, toApiError(error));
                      } else {
                        writeSignature(ctx, signature, wantsJson);
                      }
                      return null;
                    }));
  }

  private void writeSignature(Context ctx, BLSSignature signature, boolean wantsJson) {
    if (wantsJson) {
      json.write(ctx, 200, Map.of("signature", signature.toHexString()));
    } else {
      ctx.status(200).contentType("text/plain").result(signature.toHexString());
    }
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
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof UnknownKeyException) {
      return ApiException.notFound(cause.getMessage());
    }
    if (cause instanceof SigningRefusedException) {
      return new ApiException(412, cause.getMessage());
    }
    if (cause instanceof KeyMismatchException) {
      return new ApiException(500, cause.getMessage());
    }
    if (cause instanceof ProtectionUnavailableException) {
      return new ApiException(503, "slashing protection store unavailable: " + cause.getMessage());
    }
    return cause;
  }
}
