package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.ClientMessages.Message;
import dev.vigil.cli.ClientMessages.Messages;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Gloas types (and Gloas-era blocks, aggregates, exits) through {@code vigil serve --network
 * gloas-devnet-config.yaml}, in the shapes of remote-signing-api v1.4.0 ({version, data} wrappers,
 * canonical names) and of the clients that already send them (Lighthouse: bare objects, PAYLOAD_ATTESTATION
 * with payload_attestation_data, REQUEST_AUTH; Lodestar: bare, PAYLOAD_ATTESTATION with payload_attestation).
 * Signing roots from @lodestar/types (src/test/resources/client-requests, gloas-devnet-messages.json).
 */
class GloasRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static Network devnet;
  private static Bytes32 genesisValidatorsRoot;

  enum Style { REMOTE_SIGNING_API, LIGHTHOUSE, LODESTAR }

  /** Per style: the type name and body field of each Gloas kind it sends (Lighthouse and Lodestar send no bids). */
  private static final Map<Style, Map<String, List<String>>> GLOAS_NAMES = Map.of(
      Style.REMOTE_SIGNING_API, Map.of(
          "EXECUTION_PAYLOAD_BID", List.of("EXECUTION_PAYLOAD_BID", "execution_payload_bid"),
          "EXECUTION_PAYLOAD_ENVELOPE", List.of("EXECUTION_PAYLOAD_ENVELOPE", "execution_payload_envelope"),
          "PAYLOAD_ATTESTATION_MESSAGE", List.of("PAYLOAD_ATTESTATION_MESSAGE", "payload_attestation_message"),
          "PROPOSER_PREFERENCES", List.of("PROPOSER_PREFERENCES", "proposer_preferences"),
          "BUILDER_REQUEST_AUTH", List.of("BUILDER_REQUEST_AUTH", "builder_request_auth")),
      Style.LIGHTHOUSE, Map.of(
          "EXECUTION_PAYLOAD_ENVELOPE", List.of("EXECUTION_PAYLOAD_ENVELOPE", "execution_payload_envelope"),
          "PAYLOAD_ATTESTATION_MESSAGE", List.of("PAYLOAD_ATTESTATION", "payload_attestation_data"),
          "PROPOSER_PREFERENCES", List.of("PROPOSER_PREFERENCES", "proposer_preferences"),
          "BUILDER_REQUEST_AUTH", List.of("REQUEST_AUTH", "request_auth")),
      Style.LODESTAR, Map.of(
          "EXECUTION_PAYLOAD_ENVELOPE", List.of("EXECUTION_PAYLOAD_ENVELOPE", "execution_payload_envelope"),
          "PAYLOAD_ATTESTATION_MESSAGE", List.of("PAYLOAD_ATTESTATION", "payload_attestation")));

  private static Path resource(String name) throws Exception {
    return Path.of(GloasRequestsTest.class.getResource("/client-requests/" + name).toURI());
  }

  @BeforeAll
  static void start() throws Exception {
    devnet = Networks.resolve(resource("gloas-devnet-config.yaml").toString());
    SignerFixture.sealTestKeys(dir, Style.values().length);
    // A config.yaml network without a genesis_validators_root.txt: the operator pins its root.
    signer = SignerFixture.start(dir, "--network", resource("gloas-devnet-config.yaml").toString(),
        "--genesis-validators-root", ClientMessages.load("gloas-devnet-messages.json").genesisValidatorsRoot().toString());
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  static Stream<Arguments> cases() throws IOException {
    Messages file = ClientMessages.load("gloas-devnet-messages.json");
    genesisValidatorsRoot = file.genesisValidatorsRoot();
    List<Arguments> cases = new ArrayList<>();
    for (Style style : Style.values()) {
      for (Message message : file.messages()) {
        boolean gloasType = GLOAS_NAMES.get(Style.REMOTE_SIGNING_API).containsKey(message.kind());
        if (!gloasType || GLOAS_NAMES.get(style).containsKey(message.kind())) {
          cases.add(Arguments.of(style.name().toLowerCase(Locale.ROOT) + " " + message.name(), style, message));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void signsExactlyOverTheIndependentRoot(String name, Style style, Message message) throws Exception {
    HttpResponse<String> response = ClientMessages.sign(signer, style.ordinal(), render(style, message), true);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("signature").asText())
        .isEqualTo(ClientMessages.expectedSignature(style.ordinal(), message));
  }

  private static ObjectNode render(Style style, Message message) {
    ObjectNode body = JSON.createObjectNode();
    String type = message.kind();
    String version = message.fork().name();
    switch (message.kind()) {
      case "BLOCK" -> {
        type = "BLOCK_V2";
        body.putObject("beacon_block").put("version", version).set("block_header", message.value());
      }
      case "AGGREGATE_AND_PROOF" -> {
        if (style == Style.LIGHTHOUSE) {
          body.set("aggregate_and_proof", message.value());
        } else {
          type = "AGGREGATE_AND_PROOF_V2";
          body.putObject("aggregate_and_proof").put("version", version).set("data", message.value());
        }
      }
      case "VOLUNTARY_EXIT" -> body.set("voluntary_exit", message.value());
      default -> {
        List<String> names = GLOAS_NAMES.get(style).get(message.kind());
        type = names.get(0);
        if (style == Style.REMOTE_SIGNING_API) {
          body.putObject(names.get(1)).put("version", version).set("data", message.value());
        } else {
          body.set(names.get(1), message.value());
        }
      }
    }
    body.put("type", type);
    if (!message.kind().equals("BUILDER_REQUEST_AUTH")) {
      // The current fork, as Teku and Prysm send it, also for exits (signed over Capella's version here).
      ClientMessages.putForkInfo(body, devnet.forkAt(message.epoch()), genesisValidatorsRoot);
    }
    body.put("signingRoot", message.signingRoot().toHexString());
    return body;
  }
}
