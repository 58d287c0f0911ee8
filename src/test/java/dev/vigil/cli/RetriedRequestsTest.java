package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nimbus retries a 404, 412 or 500 up to three times and rejects an answer without a usable
 * Content-Type: every answer is stable under an identical retry, names its type, and a retried
 * request is recorded once.
 */
class RetriedRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 4;

  /** A Nimbus-shaped BLOCK_V2: lower-case version, a proofs array Vigil does not know, no signingRoot. */
  private static String nimbusBlock(long slot, String bodyRoot) {
    return """
        {"type":"BLOCK_V2","fork_info":%s,
         "beacon_block":{"version":"electra","block_header":{"slot":"%d","proposer_index":"5",
           "parent_root":"%s","state_root":"%s","body_root":"%s"}},
         "proofs":[{"index":"1","proof":["%s"]}]}"""
        .formatted(Requests.forkInfo(Requests.GVR), slot, Requests.root(3), Requests.root(4), bodyRoot, Requests.root(9));
  }

  private static List<HttpResponse<String>> sendRepeatedly(SignerFixture signer, String path, String body) throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(signer.baseUrl() + path))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      answers.add(signer.send(request));
    }
    return answers;
  }

  private static void assertStable(List<HttpResponse<String>> answers, int status) {
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
      assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      assertThat(answer.body()).isEqualTo(answers.get(0).body());
    }
  }

  @Test
  void retriedRequestsGetTheSameAnswerAndAreRecordedOnce(@TempDir Path dir) throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      String path = "/api/v1/eth2/sign/" + keys.get(0).toHexString();

      assertStable(sendRepeatedly(signer, path, nimbusBlock(100, Requests.root(7))), 200);
      assertStable(sendRepeatedly(signer, path, nimbusBlock(100, Requests.root(8))), 412);
      assertStable(sendRepeatedly(signer, path, Requests.attestation(4, 5, Requests.root(1))), 200);
      assertStable(sendRepeatedly(signer, path, Requests.attestation(4, 5, Requests.root(2))), 412);
      assertStable(sendRepeatedly(signer, "/api/v1/eth2/sign/" + SignerFixture.testKey(9).publicKey().toBytes().toHexString(),
          Requests.attestation(4, 5, Requests.root(1))), 404);

      HttpResponse<String> deleted = signer.keymanager("DELETE", "{\"pubkeys\":[\"" + keys.get(0).toHexString() + "\"]}");
      JsonNode history = JSON.readTree(JSON.readTree(deleted.body()).get("slashing_protection").asText()).get("data").get(0);
      assertThat(history.get("signed_blocks")).hasSize(1);
      assertThat(history.get("signed_attestations")).hasSize(1);
    }
  }
}
