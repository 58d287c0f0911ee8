package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.spec.BLSPubkey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §2 over HTTP, without a token: hostile bodies are refused by checks that look at their
 * length or the URL first. Each assertion names a message or status only such a check produces, so
 * the test shows which path answered rather than timing it.
 */
class ServeInputBoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static BLSPubkey key;

  @BeforeAll
  static void start() throws Exception {
    key = SignerFixture.sealTestKeys(dir, 1).get(0);
    signer = SignerFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  private static HttpResponse<String> sign(BLSPubkey pubkey, String body) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + pubkey.toHexString(), body, "application/json");
  }

  @Test
  void millionDigitSlotIsRefusedByItsLength() throws Exception {
    // Under the signing bodies' 64 KiB string bound: refused by the uint64 length check.
    HttpResponse<String> response = sign(key, Requests.aggregationSlot("9".repeat(60_000)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("aggregation_slot.slot: more than 20 digits").hasSizeLessThan(2048);

    // Beyond it: the parse stops at the string bound, before any field is looked at.
    HttpResponse<String> million = sign(key, Requests.aggregationSlot("9".repeat(1_000_000)));

    assertThat(million.statusCode()).isEqualTo(400);
    assertThat(million.body()).contains("String value length").hasSizeLessThan(2048);
  }

  @Test
  void deeplyNestedBodyIsRefused() throws Exception {
    String nested = "[".repeat(200) + "]".repeat(200);
    HttpResponse<String> response = sign(key, "{\"type\":\"ATTESTATION\",\"attestation\":" + nested + "}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("nesting depth");
  }

  @Test
  void unknownKeyIs404BeforeTheBodyIsRead() throws Exception {
    BLSPubkey unknown = SignerFixture.testKey(99).publicKey().toBytes();
    HttpResponse<String> response = sign(unknown, "{not json at all");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no key loaded for public key " + unknown);
  }

  @Test
  void hugeTypeIsNotEchoedBack() throws Exception {
    String type = "X".repeat(3 * 1024 * 1024);
    HttpResponse<String> response = sign(key, "{\"type\":\"" + type + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("String value length").hasSizeLessThan(1024);

    HttpResponse<String> underTheBound = sign(key, "{\"type\":\"" + "X".repeat(60_000) + "\"}");
    assertThat(underTheBound.statusCode()).isEqualTo(400);
    assertThat(underTheBound.body()).contains("type: unknown signing type 'XXXX").hasSizeLessThan(1024);
  }

  @Test
  void oversizedHexRootIsRefusedByItsLength() throws Exception {
    String body = Requests.attestation(1, 2, "0x" + "zz".repeat(30_000));
    HttpResponse<String> response = sign(key, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("attestation.beacon_block_root: expected 32 bytes of hex, got 30000");
  }

  @Test
  void keystoreWithAnAbsurdIterationCountIsRefusedBeforeAnyDerivation() throws Exception {
    ObjectNode keystore = (ObjectNode) JSON.readTree(Eip2335Keystore.encrypt(
        SignerFixture.testKey(50), "password", new KeystoreKdf.Pbkdf2(2), "", "", new SecureRandom()).toJson());
    ((ObjectNode) keystore.get("crypto").get("kdf").get("params")).put("c", Integer.MAX_VALUE);
    ObjectNode body = JSON.createObjectNode();
    body.putArray("keystores").add(keystore.toString());
    body.putArray("passwords").add("password");

    // 2^31 PBKDF2 iterations would take the better part of an hour; the bound answers at once.
    HttpResponse<String> response = signer.keymanager("POST", body.toString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body()).get("data").get(0);
    assertThat(result.get("status").asText()).isEqualTo("error");
    assertThat(result.get("message").asText()).contains("crypto.kdf.params").contains("c: must be 1 to 1048576");
  }

  @Test
  void honestRequestStillSigns() throws Exception {
    assertThat(sign(key, Requests.attestation(1, 2, Requests.root(1))).statusCode()).isEqualTo(200);
  }
}
