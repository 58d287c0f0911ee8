package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import dev.vigil.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key migration over HTTP between two insecure-none signers in one JVM: keys and history move, the
 * old signer never signs them again, and every refusal leaves the keys where they were.
 */
class MigrationApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONCE = "0x" + "5e".repeat(32);
  private static final String MRENCLAVE = "0x" + "aa".repeat(32);

  @TempDir Path oldDir;
  @TempDir Path newDir;

  private static HttpResponse<String> post(SignerFixture signer, String route, String body) throws Exception {
    return signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/eth/v1/migration/" + route))
        .header("Authorization", "Bearer " + signer.apiToken())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonNode offer(SignerFixture receiver) throws Exception {
    HttpResponse<String> response = post(receiver, "offer", "{\"nonce\":\"" + NONCE + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static ObjectNode exportRequest(JsonNode offer) {
    ObjectNode request = JSON.createObjectNode();
    request.set("offer", offer);
    request.put("allow_insecure", true);
    return request;
  }

  /** The package the sender returns for {@code request}, asserting 200. */
  private static ObjectNode export(SignerFixture sender, ObjectNode request) throws Exception {
    HttpResponse<String> response = post(sender, "export", request.toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (ObjectNode) JSON.readTree(response.body()).get("package");
  }

  private static int sign(SignerFixture signer, BLSPubkey key, String request) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + key, request, null).statusCode();
  }

  private static String message(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("message").asText();
  }

  @Test
  void keysAndHistoryMoveAndTheOldSignerNeverSignsThemAgain() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 2);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(1)))).isEqualTo(200);
      assertThat(sign(oldSigner, keys.get(1), Requests.blockV2(100, Requests.root(2)))).isEqualTo(200);

      JsonNode offer = offer(newSigner);
      assertThat(offer.get("evidence").get("type").asText()).isEqualTo("insecure-none");
      assertThat(offer.get("nonce").asText()).isEqualTo(NONCE);
      HttpResponse<String> exported = post(oldSigner, "export", exportRequest(offer).toString());
      assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(exported.body());
      assertThat(body.get("verdict").get("ok").asBoolean()).isTrue();
      JsonNode migrationPackage = body.get("package");
      assertThat(migrationPackage.get("keys").findValuesAsText("pubkey"))
          .containsExactlyInAnyOrder(keys.get(0).toHexString(), keys.get(1).toHexString());
      assertThat(migrationPackage.toString()).as("no secret in clear")
          .doesNotContain(Hex.encodeBare(SignerFixture.testKey(0).toBytes()));

      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(4, 5, Requests.root(1)))).isEqualTo(404);
      assertThat(oldSigner.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");

      HttpResponse<String> imported = post(newSigner, "import", migrationPackage.toString());
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(JSON.readTree(imported.body()).get("data").findValuesAsText("status")).containsExactly("imported", "imported");

      assertThat(sign(newSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(9))))
          .as("double vote recorded by the old signer").isEqualTo(412);
      assertThat(sign(newSigner, keys.get(1), Requests.blockV2(100, Requests.root(9))))
          .as("double proposal recorded by the old signer").isEqualTo(412);
      assertThat(sign(newSigner, keys.get(0), Requests.attestation(4, 5, Requests.root(1)))).isEqualTo(200);

      HttpResponse<String> replayed = post(newSigner, "import", migrationPackage.toString());
      assertThat(replayed.statusCode()).as("the offer is used up").isEqualTo(404);
      assertThat(message(replayed)).contains("recipient_public_key", "no pending offer");
    }
    try (SignerFixture oldRestarted = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newRestarted = SignerFixture.start(newDir)) {
      assertThat(oldRestarted.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");
      assertThat(sign(oldRestarted, keys.get(0), Requests.attestation(5, 6, Requests.root(1)))).isEqualTo(404);
      assertThat(newRestarted.get("/api/v1/eth2/publicKeys").body())
          .contains(keys.get(0).toHexString(), keys.get(1).toHexString());
      assertThat(sign(newRestarted, keys.get(0), Requests.attestation(3, 4, Requests.root(9)))).isEqualTo(412);
    }
  }

  @Test
  void onlyTheNamedKeysMove() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 2);
    try (SignerFixture oldSigner = SignerFixture.startUnpinned(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      ObjectNode request = exportRequest(offer(newSigner));
      request.putArray("pubkeys").add(keys.get(1).toHexString());
      ObjectNode migrationPackage = export(oldSigner, request);
      assertThat(migrationPackage.has("slashing_protection")).as("nothing signed, no chain pinned, no history").isFalse();
      assertThat(post(newSigner, "import", migrationPackage.toString()).statusCode()).isEqualTo(200);

      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
      assertThat(sign(oldSigner, keys.get(1), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(404);
      assertThat(sign(newSigner, keys.get(1), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
      assertThat(sign(newSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(404);
    }
  }

  @Test
  void keyAlreadyOnTheReceiverIsADuplicate() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 2);
    SignerFixture.sealTestKeys(newDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      ObjectNode migrationPackage = export(oldSigner, exportRequest(offer(newSigner)));
      HttpResponse<String> imported = post(newSigner, "import", migrationPackage.toString());
      JsonNode data = JSON.readTree(imported.body()).get("data");
      assertThat(data.findValuesAsText("pubkey")).containsExactly(keys.get(0).toHexString(), keys.get(1).toHexString());
      assertThat(data.findValuesAsText("status")).containsExactly("duplicate", "imported");
      assertThat(post(newSigner, "import", migrationPackage.toString()).statusCode()).as("offer used up").isEqualTo(404);
    }
  }

  /**
   * The attack of issue 12 §3: with nothing but the API token of a signer without a TEE, make an
   * insecure-none offer of one's own and ask for an export with allow_insecure. Refused, and the
   * keys stay and sign where they were.
   */
  @Test
  void theTokenAloneExportsNoKeyFromASignerWithoutATee() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture victim = SignerFixture.start(oldDir); SignerFixture attackers = SignerFixture.start(newDir)) {
      HttpResponse<String> refused = post(victim, "export", exportRequest(offer(attackers)).toString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(message(refused)).contains("without a TEE", "--allow-insecure-migration", "nothing exported");
      assertThat(JSON.readTree(refused.body()).has("package")).isFalse();
      assertThat(sign(victim, keys.get(0), Requests.attestation(1, 2, Requests.root(1)))).isEqualTo(200);
    }
    try (SignerFixture restarted = SignerFixture.start(oldDir)) {
      assertThat(restarted.get("/api/v1/eth2/publicKeys").body()).contains(keys.get(0).toHexString());
    }
  }

  @Test
  void withTheOperatorsFlagAnInsecureExportWorksAndIsLoggedLoudly() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (LogCapture log = LogCapture.capture();
        SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration");
        SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("--allow-insecure-migration")
          && line.contains("EXPORTS ITS SECRET KEYS"));
      ObjectNode migrationPackage = export(oldSigner, exportRequest(offer(newSigner)));
      assertThat(migrationPackage.get("keys")).hasSize(1);
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("INSECURE MIGRATION")
          && line.contains(keys.get(0).toHexString()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--attestation=tsm", "--attestation=gramine-dcap", "--sealing=gramine"})
  void aTeeSignerRefusesTheInsecureMigrationFlagAtStart(String tee) {
    assertThatThrownBy(() -> SignerFixture.start(oldDir, "--allow-insecure-migration", tee))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--allow-insecure-migration", "TEE");
  }

  @Test
  void hexFieldsAreLengthCheckedBeforeTheyAreDecoded() throws Exception {
    // Texts of the wrong length that are not even hex: refused on their length, never decoded.
    String notHex = "0x" + "zz".repeat(100);
    try (SignerFixture signer = SignerFixture.start(oldDir)) {
      HttpResponse<String> offer = post(signer, "offer", "{\"nonce\":\"" + notHex + "\"}");
      assertThat(offer.statusCode()).isEqualTo(400);
      assertThat(message(offer)).contains("nonce", "expected at most 32 bytes of hex, got 100");
      HttpResponse<String> export = post(signer, "export", exportRequest(offer(signer)).put("expected_mrtd", notHex).toString());
      assertThat(export.statusCode()).isEqualTo(400);
      assertThat(message(export)).contains("expected_mrtd", "expected 48 bytes of hex, got 100");
      String migrationPackage = "{\"version\":\"vigil/migrate/v1\",\"keys\":[{\"pubkey\":\"0x" + "11".repeat(48)
          + "\",\"ciphertext\":\"" + notHex + "\"}]}";
      HttpResponse<String> imported = post(signer, "import", migrationPackage);
      assertThat(imported.statusCode()).isEqualTo(400);
      assertThat(message(imported)).contains("ciphertext", "expected at most 60 bytes of hex, got 100");
    }
  }

  @Test
  void wrongMeasurementExportsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      ObjectNode request = exportRequest(offer(newSigner)).put("expected_mrenclave", MRENCLAVE);
      HttpResponse<String> refused = post(oldSigner, "export", request.toString());
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(message(refused)).contains("nothing exported", "mrenclave");
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(1, 2, Requests.root(1)))).isEqualTo(200);
    }
    try (SignerFixture oldRestarted = SignerFixture.start(oldDir, "--allow-insecure-migration")) {
      assertThat(oldRestarted.get("/api/v1/eth2/publicKeys").body()).contains(keys.get(0).toHexString());
    }
  }

  @Test
  void insecureEvidenceWithoutAllowInsecureExportsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      ObjectNode request = exportRequest(offer(newSigner)).put("allow_insecure", false).put("expected_mrsigner", MRENCLAVE);
      HttpResponse<String> refused = post(oldSigner, "export", request.toString());
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(message(refused)).contains("hardware", "--allow-insecure");

      HttpResponse<String> noMeasurement = post(oldSigner, "export", exportRequest(offer(newSigner)).put("allow_insecure", false).toString());
      assertThat(noMeasurement.statusCode()).isEqualTo(400);
      assertThat(message(noMeasurement)).contains("expected measurement");
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
    }
  }

  @Test
  void evidenceForAnotherKeyOrNonceExportsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      ObjectNode swappedKey = (ObjectNode) offer(newSigner);
      swappedKey.put("public_key", offer(newSigner).get("public_key").asText());
      HttpResponse<String> refusedKey = post(oldSigner, "export", exportRequest(swappedKey).toString());
      assertThat(refusedKey.statusCode()).isEqualTo(422);
      assertThat(message(refusedKey)).contains("expected_report_data");

      ObjectNode otherNonce = (ObjectNode) offer(newSigner);
      otherNonce.put("nonce", "0x" + "00".repeat(32));
      assertThat(post(oldSigner, "export", exportRequest(otherNonce).toString()).statusCode()).isEqualTo(422);
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
    }
  }

  @Test
  void receiverOnAnotherChainExportsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration");
        SignerFixture newSigner = SignerFixture.start(newDir, "--network", "mainnet")) {
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(1, 2, Requests.root(1)))).isEqualTo(200);
      HttpResponse<String> refused = post(oldSigner, "export", exportRequest(offer(newSigner)).toString());
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(message(refused)).contains("nothing exported");
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(2, 3, Requests.root(1)))).isEqualTo(200);
    }
  }

  @Test
  void alteredPackagesAreRefusedAndTheGenuineOneStillImports() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 2);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(1)))).isEqualTo(200);
      ObjectNode genuine = export(oldSigner, exportRequest(offer(newSigner)));

      ObjectNode weakerHistory = genuine.deepCopy();
      String history = genuine.get("slashing_protection").asText();
      assertThat(history).contains("\"target_epoch\" : \"4\"");
      weakerHistory.put("slashing_protection", history.replace("\"target_epoch\" : \"4\"", "\"target_epoch\" : \"3\""));
      ObjectNode droppedKey = genuine.deepCopy();
      ((ArrayNode) droppedKey.get("keys")).remove(1);
      ObjectNode flippedBit = genuine.deepCopy();
      String ciphertext = genuine.get("keys").get(0).get("ciphertext").asText();
      ((ObjectNode) flippedBit.get("keys").get(0)).put("ciphertext",
          ciphertext.substring(0, 20) + (ciphertext.charAt(20) == '0' ? '1' : '0') + ciphertext.substring(21));
      ObjectNode swappedPubkeys = genuine.deepCopy();
      ((ObjectNode) swappedPubkeys.get("keys").get(0)).put("pubkey", keys.get(1).toHexString());
      ((ObjectNode) swappedPubkeys.get("keys").get(1)).put("pubkey", keys.get(0).toHexString());

      for (ObjectNode altered : List.of(weakerHistory, droppedKey, flippedBit, swappedPubkeys)) {
        HttpResponse<String> refused = post(newSigner, "import", altered.toString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(message(refused)).contains("nothing imported");
      }
      assertThat(newSigner.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");
      assertThat(sign(newSigner, keys.get(0), Requests.attestation(1, 2, Requests.root(1))))
          .as("no history was imported either").isEqualTo(404);

      HttpResponse<String> imported = post(newSigner, "import", genuine.toString());
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(sign(newSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(9)))).isEqualTo(412);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "expected_pcr0, applies only to a Nitro attestation document", "expected_pcr1, applies only to a Nitro attestation document",
    "expected_pcr2, applies only to a Nitro attestation document", "expected_pcr8, applies only to a Nitro attestation document",
    "expected_rtmr0, apply to TDX quotes only", "expected_rtmr1, apply to TDX quotes only",
    "expected_rtmr2, apply to TDX quotes only", "expected_rtmr3, apply to TDX quotes only"})
  void nitroPcrAndTdxRtmrExpectationsAre48BytesAndApplied(String field, String notApplicable) throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      HttpResponse<String> badLength = post(oldSigner, "export", exportRequest(offer(newSigner)).put(field, "0x" + "ab".repeat(32)).toString());
      assertThat(badLength.statusCode()).isEqualTo(400);
      assertThat(message(badLength)).contains(field, "48 bytes");

      HttpResponse<String> applied = post(oldSigner, "export", exportRequest(offer(newSigner)).put(field, "0x" + "ab".repeat(48)).toString());
      assertThat(applied.statusCode()).as("the pin is checked: insecure-none evidence has no PCRs or RTMRs").isEqualTo(422);
      assertThat(message(applied)).contains(notApplicable, "nothing exported");
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
    }
  }

  @Test
  void everyRouteNeedsTheTokenAndNamesBadFields() throws Exception {
    try (SignerFixture signer = SignerFixture.start(newDir)) {
      for (String route : List.of("offer", "export", "import")) {
        assertThat(signer.postJson("/eth/v1/migration/" + route, "{}", null).statusCode()).isEqualTo(401);
      }
      assertThat(message(post(signer, "offer", "{}"))).contains("nonce");
      assertThat(message(post(signer, "offer", "{\"nonce\":\"0x" + "00".repeat(33) + "\"}"))).contains("nonce");
      assertThat(message(post(signer, "export", "{}"))).contains("offer");
      HttpResponse<String> badMeasurement = post(signer, "export",
          exportRequest(offer(signer)).put("expected_mrtd", "0x1234").toString());
      assertThat(badMeasurement.statusCode()).isEqualTo(400);
      assertThat(message(badMeasurement)).contains("expected_mrtd");
      HttpResponse<String> badVersion = post(signer, "import", "{\"version\":\"vigil/migrate/v0\"}");
      assertThat(badVersion.statusCode()).isEqualTo(400);
      assertThat(message(badVersion)).contains("version");
    }
  }
}
