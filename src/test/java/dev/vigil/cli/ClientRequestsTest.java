package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.ClientMessages.Message;
import dev.vigil.cli.ClientMessages.Messages;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each validator client's request shapes through a running {@code vigil serve} (no --network: mainnet
 * is recognised from the genesis validators root), for every type it signs on DENEB, ELECTRA and FULU
 * and for blocks from PHASE0 on. The messages and their signing roots come from @lodestar/types
 * (src/test/resources/client-requests); the renderers below send them as each client's serializer
 * does (type names, wrappers, version spelling, fork_info convention, signingRoot, headers), and the
 * answer must be exactly the signature over the independent root.
 */
class ClientRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Network MAINNET = Networks.MAINNET;
  /** Prysm's fork_info on Fulu: the blob-parameter-only schedule entry (BPO1), previous = current. */
  private static final long FULU_BPO_EPOCH = 412672;
  @TempDir static Path dir;
  private static SignerFixture signer;

  enum Client { LIGHTHOUSE, TEKU, PRYSM, NIMBUS, LODESTAR }

  @BeforeAll
  static void start() throws Exception {
    SignerFixture.sealTestKeys(dir, Client.values().length);
    // No --network: mainnet is recognised from the requests' genesis validators root (a built-in root pins on first sight).
    signer = SignerFixture.startUnpinned(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  static Stream<Arguments> cases() throws IOException {
    Messages file = ClientMessages.load("mainnet-messages.json");
    assertThat(file.genesisValidatorsRoot()).isEqualTo(MAINNET.requireGenesisValidatorsRoot());
    List<Arguments> cases = new ArrayList<>();
    for (Client client : Client.values()) {
      for (Message message : file.messages()) {
        cases.add(Arguments.of(client.name().toLowerCase(Locale.ROOT) + " " + message.name(), client, message));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void signsExactlyOverTheIndependentRoot(String name, Client client, Message message) throws Exception {
    boolean sendsAccept = client != Client.TEKU && client != Client.PRYSM;

    HttpResponse<String> response = ClientMessages.sign(signer, client.ordinal(), render(client, message), sendsAccept);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String expected = ClientMessages.expectedSignature(client.ordinal(), message);
    if (sendsAccept) {
      assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      assertThat(JSON.readTree(response.body()).get("signature").asText()).isEqualTo(expected);
    } else {
      assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
      assertThat(response.body()).isEqualTo(expected);
    }
  }

  /** The request body as this client's serializer writes it. */
  static ObjectNode render(Client client, Message message) {
    ObjectNode body = JSON.createObjectNode();
    String type = message.kind();
    switch (message.kind()) {
      case "BLOCK" -> type = block(client, message, body);
      case "ATTESTATION" -> body.set("attestation", message.value());
      case "AGGREGATION_SLOT" -> body.putObject("aggregation_slot").set("slot", message.value());
      case "AGGREGATE_AND_PROOF" -> type = aggregateAndProof(client, message, body);
      case "RANDAO_REVEAL" -> body.putObject("randao_reveal").set("epoch", message.value());
      case "VOLUNTARY_EXIT" -> body.set("voluntary_exit", message.value());
      case "SYNC_COMMITTEE_MESSAGE" -> body.set("sync_committee_message", message.value());
      case "SYNC_COMMITTEE_SELECTION_PROOF" -> body.set("sync_aggregator_selection_data", message.value());
      case "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF" -> body.set("contribution_and_proof", message.value());
      case "VALIDATOR_REGISTRATION" -> body.set("validator_registration", message.value());
      default -> throw new IllegalArgumentException("no renderer for " + message.kind());
    }
    body.put("type", type);
    if (!type.equals("VALIDATOR_REGISTRATION")) {
      Fork fork = type.equals("VOLUNTARY_EXIT") ? exitFork(client, message) : fork(client, message);
      ClientMessages.putForkInfo(body, fork, MAINNET.requireGenesisValidatorsRoot());
    }
    if (client != Client.NIMBUS) {
      body.put("signingRoot", message.signingRoot().toHexString());
    }
    return body;
  }

  /** Teku and Prysm send phase0 as the legacy BLOCK; full blocks before Bellatrix, headers from it; Nimbus adds proofs. */
  private static String block(Client client, Message message, ObjectNode body) {
    boolean legacy = message.fork() == ForkName.PHASE0 && (client == Client.TEKU || client == Client.PRYSM);
    if (legacy) {
      body.set("block", message.value());
      return "BLOCK";
    }
    ObjectNode beaconBlock = body.putObject("beacon_block").put("version", message.fork().name());
    beaconBlock.set(message.fork().compareTo(ForkName.BELLATRIX) >= 0 ? "block_header" : "block", message.value());
    if (client == Client.NIMBUS && message.fork().compareTo(ForkName.BELLATRIX) >= 0) {
      body.putArray("proofs").addObject().put("index", "25").putArray("proof").add("0x" + "5a".repeat(32));
    }
    return "BLOCK_V2";
  }

  /**
   * Lighthouse and Teku: AGGREGATE_AND_PROOF with the fork's container; Prysm: V2 for every fork;
   * Nimbus: V2 "electra" (lower case, also on Fulu) from Electra; Lodestar: V2 from Electra.
   */
  private static String aggregateAndProof(Client client, Message message, ObjectNode body) {
    boolean electra = message.fork().compareTo(ForkName.ELECTRA) >= 0;
    String version = switch (client) {
      case LIGHTHOUSE, TEKU -> null;
      case PRYSM -> message.fork().name();
      case NIMBUS -> electra ? "electra" : null;
      case LODESTAR -> electra ? message.fork().name() : null;
    };
    if (version == null) {
      body.set("aggregate_and_proof", message.value());
      return "AGGREGATE_AND_PROOF";
    }
    body.putObject("aggregate_and_proof").put("version", version).set("data", message.value());
    return "AGGREGATE_AND_PROOF_V2";
  }

  /** fork_info.fork: the activation epoch (Lighthouse, Teku, Nimbus), the message epoch (Lodestar), Prysm's BPO entry on Fulu. */
  private static Fork fork(Client client, Message message) {
    Fork scheduled = MAINNET.forkAt(message.epoch());
    return switch (client) {
      case LIGHTHOUSE, TEKU, NIMBUS -> scheduled;
      case LODESTAR -> new Fork(scheduled.previousVersion(), scheduled.currentVersion(), message.epoch());
      case PRYSM -> message.fork() == ForkName.FULU
          ? new Fork(scheduled.currentVersion(), scheduled.currentVersion(), FULU_BPO_EPOCH)
          : scheduled;
    };
  }

  /** Exits: Capella's versions (Lighthouse; Nimbus with epoch 0), Capella's own entry (Lodestar), the current fork (Teku, Prysm). */
  private static Fork exitFork(Client client, Message message) {
    Bytes4 capella = MAINNET.versionOf(ForkName.CAPELLA).orElseThrow();
    return switch (client) {
      case LIGHTHOUSE -> new Fork(capella, capella, message.epoch());
      case NIMBUS -> new Fork(capella, capella, 0);
      case LODESTAR -> MAINNET.forkAt(MAINNET.schedule(ForkName.CAPELLA).orElseThrow().epoch());
      case TEKU, PRYSM -> fork(client, message);
    };
  }
}
