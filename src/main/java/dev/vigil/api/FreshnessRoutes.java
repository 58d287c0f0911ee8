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
 * The freshness-witness role (docs/tee.md section 3), served with {@code
 * --freshness-witness-tokens-file} or {@code --freshness-serve-witness}: {@code POST /vigil/v1/freshness/highs} raises the
 * highs kept for a signer identity and answers with what is kept afterwards, once durable; {@code
 * POST /vigil/v1/freshness/highs/read} answers with everything kept for it. Both take and give a
 * MAC'd envelope {@code {"session","payload","mac"}}; a forged (403), replayed (409) or malformed
 * (400) request changes nothing. {@code POST /vigil/v1/freshness/session} is the witness's half of
 * the attested handshake (with {@code --freshness-peer-measurement}).
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
    routes.post("/vigil/v1/freshness/session", ctx -> answer(ctx, body -> CompletableFuture.completedFuture(witness.session(body))));
  }

  private void answer(Context ctx, Function<JsonNode, CompletableFuture<ObjectNode>> route) {
    JsonNode body = json.read(ctx);
    try {
      json.write(ctx, 200, route.apply(body).join());
    } catch (CompletionException | FreshnessWitness.Refused e) {
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
