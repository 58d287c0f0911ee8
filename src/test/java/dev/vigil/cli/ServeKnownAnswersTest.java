package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.DomainType;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkInfo;
import dev.vigil.spec.Preset;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Electra aggregates, sync-committee contributions and Altair full blocks through HTTP on the
 * mainnet preset, checked against object roots computed by @lodestar/types (the known answers in
 * src/test/resources/known-answers): the published examples of these types are minimal-preset or
 * wrong upstream.
 */
class ServeKnownAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ForkInfo FORK_INFO = new ForkInfo(
      new Fork(Bytes4.fromHex("0x05000000"), Bytes4.fromHex("0x06000000"), 364032), Bytes32.fromHex(Requests.GVR));
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static List<BLSPubkey> keys;
  private static final AtomicInteger NEXT_KEY = new AtomicInteger();

  static Stream<Arguments> cases() throws IOException {
    JsonNode answers;
    try (InputStream in = ServeKnownAnswersTest.class.getResourceAsStream("/known-answers/lodestar-mainnet.json")) {
      answers = JSON.readTree(in);
    }
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode answer : answers.get("cases")) {
      String type = answer.get("type").asText();
      JsonNode value = answer.get("value");
      Bytes32 root = Bytes32.fromHex(answer.get("root").asText());
      ObjectNode body = JSON.createObjectNode();
      body.set("fork_info", JSON.valueToTree(java.util.Map.of(
          "fork", java.util.Map.of("previous_version", "0x05000000", "current_version", "0x06000000", "epoch", "364032"),
          "genesis_validators_root", Requests.GVR)));
      long slot;
      DomainType domain;
      switch (type) {
        case "electra.AggregateAndProof" -> {
          body.put("type", "AGGREGATE_AND_PROOF_V2");
          body.putObject("aggregate_and_proof").put("version", "ELECTRA").set("data", value);
          slot = Long.parseUnsignedLong(value.get("aggregate").get("data").get("slot").asText());
          domain = DomainType.AGGREGATE_AND_PROOF;
        }
        case "altair.ContributionAndProof" -> {
          body.put("type", "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF");
          body.set("contribution_and_proof", value);
          slot = Long.parseUnsignedLong(value.get("contribution").get("slot").asText());
          domain = DomainType.CONTRIBUTION_AND_PROOF;
        }
        case "altair.BeaconBlock" -> {
          body.put("type", "BLOCK_V2");
          body.putObject("beacon_block").put("version", "ALTAIR").set("block", value);
          slot = Long.parseUnsignedLong(value.get("slot").asText());
          domain = DomainType.BEACON_PROPOSER;
        }
        default -> {
          continue;
        }
      }
      Bytes32 signingRoot = FORK_INFO.signingRoot(root, domain, Preset.MAINNET.epochAtSlot(slot));
      cases.add(Arguments.of(answer.get("name").asText(), body, signingRoot));
    }
    assertThat(cases).hasSize(15);
    return cases.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    keys = SignerFixture.sealTestKeys(dir, 15);
    signer = SignerFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void signsOverLodestarsRoot(String name, JsonNode body, Bytes32 signingRoot) throws Exception {
    BLSPubkey key = keys.get(NEXT_KEY.getAndIncrement());
    HttpResponse<String> response = signer.postJson("/api/v1/eth2/sign/" + key.toHexString(), body.toString(), "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    BLSSignature signature = BLSSignature.fromHex(JSON.readTree(response.body()).get("signature").asText());
    assertThat(Bls.verify(key, signingRoot.toArray(), signature)).isTrue();
  }
}
