package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Vectors;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keymanager API: token, import with slashing protection, list, delete with history, restart. */
class KeymanagerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EIP_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";
  private static final String EIP_PUBKEY =
      "0x9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07";
  private static final String W3S_PUBKEY =
      "0x98d083489b3b06b8740da2dfec5cc3c01b2086363fe023a9d7dc1f907633b1ff11f7b99b19e0533e969862270061d884";

  @TempDir Path dir;

  private static String vector(String path) throws Exception {
    return Files.readString(Vectors.path(path));
  }

  private static String importBody(List<String> keystores, List<String> passwords, String slashingProtection) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode ks = body.putArray("keystores");
    keystores.forEach(ks::add);
    ArrayNode pw = body.putArray("passwords");
    passwords.forEach(pw::add);
    if (slashingProtection != null) {
      body.put("slashing_protection", slashingProtection);
    }
    return body.toString();
  }

  private static String interchange(String pubkey, long source, long target) {
    return """
        {"metadata":{"interchange_format_version":"5","genesis_validators_root":"%s"},
         "data":[{"pubkey":"%s","signed_blocks":[],
                  "signed_attestations":[{"source_epoch":"%d","target_epoch":"%d","signing_root":"%s"}]}]}"""
        .formatted(Requests.GVR, pubkey, source, target, Requests.root(0x77));
  }

  private static List<String> statuses(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("data").findValuesAsText("status");
  }

  @Test
  void tokenIsRequired() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpRequest.Builder list = HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/eth/v1/keystores")).GET();
      assertThat(signer.send(list.build()).statusCode()).isEqualTo(401);
      assertThat(signer.send(list.header("Authorization", "Bearer wrong").build()).statusCode()).isEqualTo(403);
      assertThat(signer.keymanager("GET", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void importSignDeleteAndRestart() throws Exception {
    String scrypt = vector("eip2333-2334-2335-keys/eip2335_scrypt_keystore.json");
    String pbkdf2 = vector("eip2333-2334-2335-keys/eip2335_pbkdf2_keystore.json");
    String w3s = vector("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore.json");
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> imported = signer.keymanager("POST", importBody(
          List.of(pbkdf2, scrypt, w3s), List.of(EIP_PASSWORD, EIP_PASSWORD, "wrong"), interchange(EIP_PUBKEY, 40, 50)));
      assertThat(imported.statusCode()).isEqualTo(200);
      assertThat(statuses(imported)).containsExactly("imported", "duplicate", "error");
      assertThat(JSON.readTree(imported.body()).get("data").get(2).get("message").asText()).containsIgnoringCase("password");

      JsonNode listed = JSON.readTree(signer.keymanager("GET", null).body()).get("data");
      assertThat(listed.findValuesAsText("validating_pubkey")).containsExactly(EIP_PUBKEY);

      String signPath = "/api/v1/eth2/sign/" + EIP_PUBKEY;
      assertThat(signer.postJson(signPath, Requests.attestation(40, 50, Requests.root(1)), null).statusCode())
          .as("imported history refuses a double vote").isEqualTo(412);
      assertThat(signer.postJson(signPath, Requests.attestation(50, 51, Requests.root(1)), null).statusCode()).isEqualTo(200);

      HttpResponse<String> deleted = signer.keymanager("DELETE",
          "{\"pubkeys\":[\"" + EIP_PUBKEY + "\",\"" + W3S_PUBKEY + "\"]}");
      assertThat(deleted.statusCode()).isEqualTo(200);
      assertThat(statuses(deleted)).containsExactly("deleted", "not_found");
      JsonNode history = JSON.readTree(JSON.readTree(deleted.body()).get("slashing_protection").asText());
      assertThat(history.get("data")).hasSize(1);
      assertThat(history.get("data").get(0).get("signed_attestations").findValuesAsText("target_epoch")).contains("50", "51");

      assertThat(signer.postJson(signPath, Requests.attestation(51, 52, Requests.root(1)), null).statusCode()).isEqualTo(404);
      assertThat(statuses(signer.keymanager("DELETE", "{\"pubkeys\":[\"" + EIP_PUBKEY + "\"]}"))).containsExactly("not_active");
    }
    try (SignerFixture restarted = SignerFixture.start(dir)) {
      assertThat(restarted.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");
    }
  }

  @Test
  void keyReimportedAfterDeleteSignsAgainAndSurvivesRestart() throws Exception {
    String w3s = vector("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore.json");
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(statuses(signer.keymanager("POST", importBody(List.of(w3s), List.of("somepassword"), null)))).containsExactly("imported");
      assertThat(statuses(signer.keymanager("DELETE", "{\"pubkeys\":[\"" + W3S_PUBKEY + "\"]}"))).containsExactly("deleted");
      assertThat(statuses(signer.keymanager("POST", importBody(List.of(w3s), List.of("somepassword"), null)))).containsExactly("imported");
    }
    try (SignerFixture restarted = SignerFixture.start(dir)) {
      assertThat(restarted.get("/api/v1/eth2/publicKeys").body()).contains(W3S_PUBKEY);
    }
  }

  @Test
  void aKeyThatComesBackWithMinimalHistoryGetsTheFilesFloorsOverItsOlderRecords() throws Exception {
    String w3s = vector("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore.json");
    String signPath = "/api/v1/eth2/sign/" + W3S_PUBKEY;
    try (SignerFixture signer = SignerFixture.start(dir)) {
      signer.keymanager("POST", importBody(List.of(w3s), List.of("somepassword"), null));
      assertThat(signer.postJson(signPath, Requests.attestation(10, 11, Requests.root(1)), null).statusCode()).isEqualTo(200);
      // The key moves to a client with minimal protection, signs up to (1000, 1001) there, and comes back.
      assertThat(statuses(signer.keymanager("DELETE", "{\"pubkeys\":[\"" + W3S_PUBKEY + "\"]}"))).containsExactly("deleted");
      assertThat(statuses(signer.keymanager("POST",
          importBody(List.of(w3s), List.of("somepassword"), interchange(W3S_PUBKEY, 1000, 1001))))).containsExactly("imported");
      assertThat(signer.postJson(signPath, Requests.attestation(600, 700, Requests.root(1)), null).statusCode())
          .as("below the imported minima, above the older local record").isEqualTo(412);
      assertThat(signer.postJson(signPath, Requests.attestation(1001, 1002, Requests.root(1)), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void slashingProtectionForAnotherChainImportsNoKey() throws Exception {
    String w3s = vector("web3signer/acceptance-tests/src/test/resources/eth2/bls_keystore.json");
    try (SignerFixture signer = SignerFixture.start(dir, "--network", "mainnet")) {
      HttpResponse<String> response = signer.keymanager("POST",
          importBody(List.of(w3s), List.of("somepassword"), interchange(W3S_PUBKEY, 1, 2)));
      assertThat(statuses(response)).containsExactly("error");
      assertThat(signer.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");
    }
  }

  @Test
  void refusedSlashingProtectionWithoutAKeystoreIs400NamingTheField() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir, "--network", "mainnet")) {
      HttpResponse<String> otherChain = signer.keymanager("POST", importBody(List.of(), List.of(), interchange(W3S_PUBKEY, 1, 2)));
      assertThat(otherChain.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(otherChain.body()).get("message").asText()).startsWith("slashing_protection:").contains("refused");

      HttpResponse<String> malformed = signer.keymanager("POST", importBody(List.of(), List.of(), "{\"metadata\":"));
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(malformed.body()).get("message").asText()).startsWith("slashing_protection:");
    }
  }

  @Test
  void acceptedSlashingProtectionWithoutAKeystoreIs200WithNoData() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> imported = signer.keymanager("POST", importBody(List.of(), List.of(), interchange(W3S_PUBKEY, 1, 2)));
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(JSON.readTree(imported.body()).get("data")).isEmpty();
    }
  }

  @Test
  void malformedRequestsAre400() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.keymanager("POST", "{\"keystores\":[]}").statusCode()).isEqualTo(400);
      assertThat(signer.keymanager("POST", "{\"keystores\":[\"{}\"],\"passwords\":[]}").statusCode()).isEqualTo(400);
      HttpResponse<String> badPubkey = signer.keymanager("DELETE", "{\"pubkeys\":[\"0x12\"]}");
      assertThat(badPubkey.statusCode()).isEqualTo(400);
      assertThat(badPubkey.body()).contains("pubkeys[0]");
    }
  }
}
