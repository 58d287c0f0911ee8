package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.signer.KeyManager;
import dev.vigil.signer.KeyRing;
import dev.vigil.spec.BLSPubkey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The standard Keymanager API {@code /eth/v1/keystores} (ethereum/keymanager-APIs), bearer token required. */
public final class KeymanagerRoutes implements Routes {
  private static final String PATH = "/eth/v1/keystores";
  private final KeyManager keyManager;
  private final KeyRing keys;
  private final BearerToken token;
  private final JsonBodies json;

  public KeymanagerRoutes(KeyManager keyManager, KeyRing keys, BearerToken token, JsonBodies json) {
    this.keyManager = keyManager;
    this.keys = keys;
    this.token = token;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.post(PATH, this::importKeystores);
    routes.delete(PATH, this::delete);
  }

  private void list(Context ctx) {
    token.check(ctx.header("Authorization"));
    List<Map<String, Object>> data = new ArrayList<>();
    for (BLSPubkey pubkey : keys.publicKeys()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("validating_pubkey", pubkey.toHexString());
      entry.put("readonly", false);
      data.add(entry);
    }
    json.write(ctx, 200, Map.of("data", data));
  }

  private void importKeystores(Context ctx) {
    token.check(ctx.header("Authorization"));
    JsonNode body = json.read(ctx);
    List<String> keystores = stringArray(body, "keystores");
    List<String> passwords = stringArray(body, "passwords");
    if (keystores.size() != passwords.size()) {
      throw ApiException.badRequest(
          "passwords: " + passwords.size() + " passwords for " + keystores.size() + " keystores");
    }
    Optional<String> slashingProtection = optionalString(body, "slashing_protection");
    List<KeyManager.ImportResult> results;
    try {
      results = keyManager.importKeystores(keystores, passwords, slashingProtection, ClientConnection.of(ctx));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    List<Map<String, String>> data = results.stream().map(r -> status(r.status().name(), r.message())).toList();
    json.write(ctx, 200, Map.of("data", data));
  }

  private void delete(Context ctx) {
    token.check(ctx.header("Authorization"));
    JsonNode body = json.read(ctx);
    List<String> texts = stringArray(body, "pubkeys");
    List<BLSPubkey> pubkeys = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      try {
        pubkeys.add(BLSPubkey.fromHex(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("pubkeys[" + i + "]: " + e.getMessage());
      }
    }
    KeyManager.Deletion deletion = keyManager.delete(pubkeys);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("data", deletion.results().stream().map(r -> status(r.status().name(), r.message())).toList());
    response.put("slashing_protection", deletion.slashingProtection());
    json.write(ctx, 200, response);
  }

  private static Map<String, String> status(String status, String message) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("status", status.toLowerCase(Locale.ROOT));
    entry.put("message", message);
    return entry;
  }

  private static List<String> stringArray(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiException.badRequest(field + ": missing");
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(field + ": must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw ApiException.badRequest(field + "[" + i + "]: must be a string");
      }
      values.add(node.get(i).asText());
    }
    return values;
  }

  private static Optional<String> optionalString(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field + ": must be a string holding the EIP-3076 JSON");
    }
    return Optional.of(node.asText());
  }
}
