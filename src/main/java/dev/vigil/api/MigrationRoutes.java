package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.attestation.AttestationException;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.signer.KeyMigration;
import dev.vigil.signer.MigrationException;
import dev.vigil.signer.MigrationOffer;
import dev.vigil.signer.MigrationPackage;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.json.JsonField;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Key migration between two signers (bearer token on every route): {@code POST
 * /eth/v1/migration/offer} on the receiver, {@code POST /eth/v1/migration/export} on the sender,
 * {@code POST /eth/v1/migration/import} on the receiver. See docs/tee.md, "Key migration".
 */
public final class MigrationRoutes implements Routes {
  private static final String PATH = "/eth/v1/migration/";
  /** The Nitro PCRs an export request may pin ({@code expected_pcrN}, 48 bytes each). */
  private static final List<Integer> NITRO_PCRS = List.of(0, 1, 2, 8);
  private final KeyMigration migration;
  private final BearerToken token;
  private final JsonBodies json;

  public MigrationRoutes(KeyMigration migration, BearerToken token, JsonBodies json) {
    this.migration = migration;
    this.token = token;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(PATH + "offer", this::offer);
    routes.post(PATH + "export", this::export);
    routes.post(PATH + "import", this::importPackage);
  }

  /** Body {@code {"nonce":"0x…"}} (at most 32 bytes) → the offer. */
  private void offer(Context ctx) {
    token.check(ctx.header("Authorization"));
    JsonNode body = json.read(ctx);
    byte[] nonce = decode(body, field -> field.get("nonce").hexBytesAtMost(32));
    MigrationOffer offer;
    try {
      offer = migration.offer(nonce);
    } catch (AttestationException e) {
      throw new ApiException(503, "attestation failed: " + e.getMessage());
    } catch (MigrationException e) {
      throw refused(e);
    }
    json.write(ctx, 200, offer.toJsonNode());
  }

  /**
   * Body {@code {"offer":{…},"expected_mrenclave","expected_mrsigner","expected_mrtd",
   * "expected_measurement","expected_rtmr0..3","expected_pcr0/1/2/8","allow_insecure","allow_debug","pubkeys":[…]}}
   * → {@code {"package":{…},
   * "verdict":{…}}}.
   */
  private void export(Context ctx) {
    token.check(ctx.header("Authorization"));
    JsonNode body = json.read(ctx);
    MigrationOffer offer = decode(body, root -> MigrationOffer.fromJson(root.get("offer").node(), "offer"));
    VerificationPolicy policy = decode(body, MigrationRoutes::policy);
    List<Optional<byte[]>> rtmrs = decode(body, root -> IntStream.range(0, 4)
        .mapToObj(index -> measurement(root, "expected_rtmr" + index, 48)).toList());
    List<BLSPubkey> pubkeys = decode(body, root -> root.find("pubkeys")
        .map(list -> list.list(MigrationPackage.MAX_KEYS, JsonField::pubkey)).orElse(List.of()));
    KeyMigration.Export export;
    try {
      export = migration.export(offer, policy, rtmrs, pubkeys);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (MigrationException e) {
      throw refused(e);
    } catch (ProtectionUnavailableException e) {
      throw new ApiException(503, "slashing protection store unavailable, nothing exported: " + e.getMessage());
    } catch (AttestationException e) {
      throw new ApiException(503, "this signer's own attestation failed, nothing exported: " + e.getMessage());
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("package", export.migrationPackage().toJsonNode());
    response.put("verdict", export.verdict().toJsonNode());
    json.write(ctx, 200, response);
  }

  /** Body: the package → {@code {"data":[{"pubkey","status","message"}]}} in package order. */
  private void importPackage(Context ctx) {
    token.check(ctx.header("Authorization"));
    MigrationPackage migrationPackage = decode(json.read(ctx), root -> MigrationPackage.fromJson(root.node()));
    List<KeyMigration.KeyImport> results;
    try {
      results = migration.importPackage(migrationPackage);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (MigrationException e) {
      throw refused(e);
    } catch (ProtectionUnavailableException e) {
      throw new ApiException(503, "slashing protection store unavailable, nothing imported: " + e.getMessage());
    }
    List<Map<String, String>> data = results.stream().map(result -> {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("pubkey", result.pubkey().toHexString());
      entry.put("status", result.status().name().toLowerCase(Locale.ROOT));
      entry.put("message", result.message());
      return entry;
    }).toList();
    json.write(ctx, 200, Map.of("data", data));
  }

  private static VerificationPolicy policy(JsonField root) {
    VerificationPolicy policy = VerificationPolicy.strict()
        .withAllowInsecure(flag(root, "allow_insecure"))
        .withAllowDebug(flag(root, "allow_debug"));
    Optional<byte[]> mrEnclave = measurement(root, "expected_mrenclave", 32);
    Optional<byte[]> mrSigner = measurement(root, "expected_mrsigner", 32);
    Optional<byte[]> mrTd = measurement(root, "expected_mrtd", 48);
    Optional<byte[]> measurement = measurement(root, "expected_measurement", 48);
    if (mrEnclave.isPresent()) {
      policy = policy.withExpectedMrEnclave(mrEnclave.get());
    }
    if (mrSigner.isPresent()) {
      policy = policy.withExpectedMrSigner(mrSigner.get());
    }
    if (mrTd.isPresent()) {
      policy = policy.withExpectedMrTd(mrTd.get());
    }
    if (measurement.isPresent()) {
      policy = policy.withExpectedMeasurement(measurement.get());
    }
    for (int index : NITRO_PCRS) {
      Optional<byte[]> pcr = measurement(root, "expected_pcr" + index, 48);
      if (pcr.isPresent()) {
        policy = policy.withExpectedPcr(index, pcr.get());
      }
    }
    return policy;
  }

  private static Optional<byte[]> measurement(JsonField root, String name, int length) {
    return root.find(name).map(field -> field.hexBytes(length));
  }

  private static boolean flag(JsonField root, String name) {
    return root.find(name).map(field -> {
      if (!field.node().isBoolean()) {
        throw field.error("must be true or false");
      }
      return field.node().booleanValue();
    }).orElse(false);
  }

  /** Decodes part of a body; a bad field becomes 400 with its path. */
  private static <T> T decode(JsonNode body, Function<JsonField, T> decoder) {
    try {
      return decoder.apply(JsonField.root(body));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static ApiException refused(MigrationException e) {
    int status = switch (e.reason()) {
      case EVIDENCE_REFUSED, PACKAGE_REFUSED, PACKAGE_TOO_LARGE -> 422;
      case CHAIN_MISMATCH, HISTORY_REFUSED -> 409;
      case TOO_MANY_OFFERS -> 429;
      case UNKNOWN_OFFER -> 404;
      case INSECURE_MIGRATION_DISABLED, UNMEASURED_RECEIVER -> 403;
      case OFFER_EXPIRED -> 410;
    };
    return new ApiException(status, e.getMessage());
  }
}
