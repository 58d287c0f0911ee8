package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.attestation.AttestationException;
import dev.vigil.attestation.AttestationProvider;
import dev.vigil.signer.KeyGenerator;
import dev.vigil.signer.KeyRing;
import dev.vigil.spec.Hex;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /eth/v1/keygen/bls}: keys born inside, each with evidence (bearer token), and
 * {@code GET /eth/v1/attestation}: evidence about the running signer and the keys it holds.
 */
public final class AttestationRoutes implements Routes {
  private final KeyGenerator generator;
  private final KeyRing keys;
  private final AttestationProvider attestation;
  private final BearerToken token;
  private final JsonBodies json;

  public AttestationRoutes(KeyGenerator generator, KeyRing keys, AttestationProvider attestation, BearerToken token, JsonBodies json) {
    this.generator = generator;
    this.keys = keys;
    this.attestation = attestation;
    this.token = token;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/eth/v1/keygen/bls", this::keygen);
    routes.get("/eth/v1/attestation", this::signerEvidence);
  }

  private void keygen(Context ctx) {
    token.check(ctx.header("Authorization"));
    JsonNode body = json.read(ctx);
    JsonNode count = body.get("count");
    if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()) {
      throw ApiException.badRequest("count: must be an integer between 1 and " + KeyGenerator.MAX_COUNT);
    }
    byte[] nonce = nonce(body.hasNonNull("nonce") ? body.get("nonce").asText() : null);
    List<Map<String, Object>> data;
    try {
      data = generator.generate(count.asInt(), nonce).stream()
          .map(key -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("pubkey", key.pubkey().toHexString());
            entry.put("evidence", key.evidence().toJsonNode());
            return entry;
          })
          .toList();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (AttestationException e) {
      throw new ApiException(503, "attestation failed: " + e.getMessage());
    }
    json.write(ctx, 200, Map.of("data", data));
  }

  private void signerEvidence(Context ctx) {
    byte[] nonce = nonce(ctx.queryParam("nonce"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("provider", attestation.name());
    body.put("hardware_backed", attestation.hardwareBacked());
    try {
      body.put("evidence", attestation.signerEvidence(keys.publicKeys(), nonce).toJsonNode());
    } catch (AttestationException e) {
      throw new ApiException(503, "attestation failed: " + e.getMessage());
    }
    json.write(ctx, 200, body);
  }

  /** A caller's nonce: hex, at most 32 bytes; absent means none (zero). */
  private static byte[] nonce(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    byte[] nonce;
    try {
      nonce = Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("nonce: " + e.getMessage());
    }
    if (nonce.length > 32) {
      throw ApiException.badRequest("nonce: at most 32 bytes, got " + nonce.length);
    }
    return nonce;
  }
}
