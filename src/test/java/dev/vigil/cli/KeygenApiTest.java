package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys born inside the signer, each with evidence binding it to the caller's nonce. */
class KeygenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONCE = "0x" + "ab".repeat(16);
  @TempDir Path dir;

  private static HttpResponse<String> keygen(SignerFixture signer, String body) throws Exception {
    return signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/eth/v1/keygen/bls"))
        .header("Authorization", "Bearer " + signer.apiToken())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** report_data = SHA-256("vigil/keygen/v1" ‖ pubkey ‖ nonce) ‖ nonce, nonce zero-padded to 32 bytes. */
  private static String expectedReportData(String pubkey, String nonce) throws Exception {
    byte[] padded = new byte[32];
    byte[] raw = Hex.decode(nonce);
    System.arraycopy(raw, 0, padded, 0, raw.length);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("vigil/keygen/v1".getBytes(StandardCharsets.US_ASCII));
    sha256.update(Hex.decode(pubkey));
    sha256.update(padded);
    return Hex.encode(sha256.digest()) + Hex.encodeBare(padded);
  }

  @Test
  void generatedKeysCarryEvidenceSignAndSurviveARestart() throws Exception {
    List<String> pubkeys = new ArrayList<>();
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> response = keygen(signer, "{\"count\":3,\"nonce\":\"" + NONCE + "\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode data = JSON.readTree(response.body()).get("data");
      assertThat(data).hasSize(3);
      for (JsonNode key : data) {
        String pubkey = key.get("pubkey").asText();
        JsonNode evidence = key.get("evidence");
        assertThat(evidence.get("type").asText()).isEqualTo("insecure-none");
        assertThat(evidence.get("pubkey").asText()).isEqualTo(pubkey);
        assertThat(evidence.has("quote")).isFalse();
        assertThat(evidence.get("report_data").asText()).isEqualTo(expectedReportData(pubkey, NONCE));
        pubkeys.add(pubkey);
      }
      assertThat(pubkeys).doesNotHaveDuplicates();
      assertThat(signer.postJson("/api/v1/eth2/sign/" + pubkeys.get(0), Requests.randaoReveal(1, Requests.GVR), null).statusCode())
          .isEqualTo(200);
    }
    try (SignerFixture restarted = SignerFixture.start(dir)) {
      List<String> listed = JSON.readerForListOf(String.class).readValue(restarted.get("/api/v1/eth2/publicKeys").body());
      assertThat(listed).containsExactlyInAnyOrderElementsOf(pubkeys);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"count\":0}", "{\"count\":1001}", "{\"count\":\"three\"}", "{}", "{\"count\":1,\"nonce\":\"0xzz\"}"})
  void badRequestsAre400(String body) throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> response = keygen(signer, body);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("message").asText()).containsAnyOf("count", "nonce");
    }
  }

  @Test
  void keygenNeedsTheToken() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> response = signer.postJson("/eth/v1/keygen/bls", "{\"count\":1}", null);
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void signerEvidenceBindsTheKeySetWithoutAToken() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 2);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> response = signer.get("/eth/v1/attestation?nonce=" + NONCE);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("provider").asText()).isEqualTo("none");
      assertThat(body.get("evidence").get("report_data").asText()).endsWith("ab".repeat(16) + "00".repeat(16));
      assertThat(body.get("evidence").toString()).contains(keys.get(0).toHexString().substring(2), keys.get(1).toHexString().substring(2));
      assertThat(signer.get("/eth/v1/attestation?nonce=0x" + "00".repeat(33)).statusCode()).isEqualTo(400);
    }
  }
}
