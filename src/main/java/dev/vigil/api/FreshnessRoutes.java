package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.signer.FreshnessWitness;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The freshness-witness role (docs/tee.md section 3), served when {@code
 * --freshness-witness-tokens-file} is given: {@code POST /vigil/v1/freshness/highs} raises the
 * highs kept for a signer identity and answers with what is kept afterwards, once durable; {@code
 * POST /vigil/v1/freshness/highs/read} answers with everything kept for it. Both take and give a
 * MAC'd envelope {@code {"session","payload","mac"}}; a forged (403), replayed (409) or malformed
 * (400) request changes nothing.
 */
public final class FreshnessRoutes implements Routes {
  private final FreshnessWitness witness;
  private final JsonBodies json;

  public FreshnessRoutes(FreshnessWitness witness, JsonBodies json) {
    this.witness = witness;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/vigil/v1/freshness/highs", ctx -> answer(ctx, witness::raise));
    routes.post("/vigil/v1/freshness/highs/read", ctx -> answer(ctx, witness::read));
  }

  private void answer(Context ctx, Function<JsonNode, CompletableFuture<ObjectNode>> route) {
    JsonNode body = json.read(ctx);
    try {
      json.write(ctx, 200, route.apply(body).join());
    } catch (CompletionException e) {
      Throwable cause = ApiException.causeOf(e);
      if (cause instanceof FreshnessWitness.Refused refused) {
        throw new ApiException(refused.status(), refused.getMessage());
      }
      if (cause instanceof ProtectionUnavailableException) {
        throw new ApiException(503, "witness store unavailable: " + cause.getMessage());
      }
      throw e;
    }
  }
}
