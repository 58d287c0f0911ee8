package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.spec.json.JsonField;
import dev.vigil.spec.json.SpecJsonDecoder;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recomputes the signing root of every example request of the remote signing API (ethereum's and
 * Web3Signer's sign.yaml) whose root EXAMPLES_VERIFIED.json marks as independently reproduced, of
 * the full-block examples, and of real requests captured from a Lodestar validator client.
 */
class RemoteSigningExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** EXAMPLES_VERIFIED.json key → the sign.yaml it describes. */
  private static final Map<String, String> FILES = Map.of(
      "ethereum/remote-signing-api signing/paths/sign.yaml", "remote-signing-api/signing/paths/sign.yaml",
      "Consensys/web3signer openapi-specs/eth2/signing/paths/sign.yaml",
      "web3signer/openapi-specs/eth2/signing/paths/sign.yaml");

  /**
   * Known wrong upstream: both carry the same signingRoot although their messages differ, and
   * neither root is reproducible under the mainnet or minimal preset (the ELECTRA body even has a
   * duplicated "aggregate" key). Using them would test the example, not the code.
   */
  private static final Set<String> KNOWN_WRONG = Set.of(
      "AGGREGATE_AND_PROOF_V2 (ELECTRA)", "AGGREGATE_AND_PROOF_V2 (FULU)");

  /** The examples run on a custom network whose genesis fork version is 0x00000001 (see SOURCES.md). */
  private static final Bytes4 EXAMPLE_GENESIS_FORK_VERSION = Bytes4.fromHex("0x00000001");

  static Stream<Arguments> verifiedExamples() throws IOException {
    JsonNode verified = JSON.readTree(Vectors.path("remote-signing-api/EXAMPLES_VERIFIED.json").toFile());
    List<Arguments> cases = new ArrayList<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      JsonNode examples = YAML.readTree(Vectors.path(file.getValue()).toFile())
          .at("/post/requestBody/content/application~1json/examples");
      for (JsonNode entry : verified.get(file.getKey())) {
        String name = entry.get("example").asText();
        if (entry.get("independent_check").asText().startsWith("verified") && !KNOWN_WRONG.contains(name)) {
          JsonNode body = examples.get(name).get("value");
          cases.add(Arguments.of(file.getValue() + " " + name, body));
        }
      }
    }
    assertThat(cases).as("verified examples").hasSizeGreaterThanOrEqualTo(33);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiedExamples")
  void signingRootMatches(String name, JsonNode body) {
    Bytes32 expected = Bytes32.fromHex(body.get("signingRoot").asText());

    assertThat(signingRoot(JsonField.root(body), Preset.MAINNET)).isEqualTo(expected);
  }

  /**
   * The full-block examples, which EXAMPLES_VERIFIED.json leaves unchecked (Lodestar clips uint64s
   * above 2^53; the Altair body was thought malformed). They do reproduce: PHASE 0 under the mainnet
   * preset, ALTAIR under the minimal one (its sync_committee_bits is 4 bytes = Bitvector[32]). The
   * phase0 block code is validated by ssz_static, so this pins Altair's sync_aggregate field too.
   */
  static Stream<Arguments> fullBlockExamples() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String file : FILES.values()) {
      JsonNode examples = YAML.readTree(Vectors.path(file).toFile())
          .at("/post/requestBody/content/application~1json/examples");
      cases.add(Arguments.of(file + " BLOCK_V2 (PHASE 0)", examples.get("BLOCK_V2 (PHASE 0)").get("value"),
          Preset.MAINNET));
      cases.add(Arguments.of(file + " BLOCK_V2 (ALTAIR)", examples.get("BLOCK_V2 (ALTAIR)").get("value"),
          Preset.MINIMAL));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullBlockExamples")
  void fullBlockSigningRootMatches(String name, JsonNode body, Preset preset) {
    Bytes32 expected = Bytes32.fromHex(body.get("signingRoot").asText());

    assertThat(signingRoot(JsonField.root(body), preset)).isEqualTo(expected);
  }

  /**
   * Requests captured from Lodestar 1.5.1 on a minimal-preset devnet (validator-client-requests/),
   * each with the signingRoot Lodestar computed itself. The devnet's GENESIS_FORK_VERSION is
   * 0x00000001, as for the examples above, so the registration's builder domain is the same.
   */
  static Stream<Arguments> capturedLodestarRequests() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(Vectors.path("validator-client-requests"))) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        cases.add(Arguments.of(file.getFileName().toString(), JSON.readTree(file.toFile()).get("body")));
      }
    }
    assertThat(cases).as("captured requests").hasSize(12);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturedLodestarRequests")
  void capturedRequestSigningRootMatches(String name, JsonNode body) {
    Bytes32 expected = Bytes32.fromHex(body.get("signingRoot").asText());

    assertThat(signingRoot(JsonField.root(body), Preset.MINIMAL)).isEqualTo(expected);
  }

  @Test
  void knownWrongExamplesAreNotMarkedVerified() throws IOException {
    JsonNode verified = JSON.readTree(Vectors.path("remote-signing-api/EXAMPLES_VERIFIED.json").toFile());
    for (JsonNode entry : verified.get("Consensys/web3signer openapi-specs/eth2/signing/paths/sign.yaml")) {
      if (KNOWN_WRONG.contains(entry.get("example").asText())) {
        assertThat(entry.get("independent_check").asText()).startsWith("NOT reproduced");
      }
    }
  }

  /** The test's own mapping of a signing request type to its object root and domain. */
  private static Bytes32 signingRoot(JsonField body, Preset preset) {
    SpecJsonDecoder decoder = new SpecJsonDecoder(preset);
    String type = body.get("type").text();
    if (type.equals("DEPOSIT")) {
      JsonField deposit = body.get("deposit");
      DepositMessage message = decoder.depositMessage(deposit);
      return Domains.computeSigningRoot(message.hashTreeRoot(),
          Domains.computeDepositDomain(deposit.get("genesis_fork_version").bytes4()));
    }
    if (type.equals("VALIDATOR_REGISTRATION")) {
      ValidatorRegistration registration = decoder.validatorRegistration(body.get("validator_registration"));
      return Domains.computeSigningRoot(registration.hashTreeRoot(),
          Domains.computeBuilderDomain(EXAMPLE_GENESIS_FORK_VERSION));
    }
    ForkInfo forkInfo = decoder.forkInfo(body.get("fork_info"));
    return switch (type) {
      case "BLOCK_V2" -> {
        JsonField block = body.get("beacon_block");
        ForkName fork = ForkName.parse(block.get("version").text());
        BeaconBlockHeader header = block.find("block_header").isPresent()
            ? decoder.beaconBlockHeader(block.get("block_header"))
            : decoder.beaconBlock(block.get("block"), fork).header(preset);
        yield forkInfo.signingRoot(header.hashTreeRoot(), DomainType.BEACON_PROPOSER,
            preset.epochAtSlot(header.slot()));
      }
      case "ATTESTATION" -> {
        AttestationData data = decoder.attestationData(body.get("attestation"));
        yield forkInfo.signingRoot(data.hashTreeRoot(), DomainType.BEACON_ATTESTER, data.target().epoch());
      }
      case "AGGREGATION_SLOT" -> {
        long slot = body.get("aggregation_slot").get("slot").uint64();
        yield forkInfo.signingRoot(HashTreeRoots.ofUint64(slot), DomainType.SELECTION_PROOF,
            preset.epochAtSlot(slot));
      }
      case "AGGREGATE_AND_PROOF" -> {
        AggregateAndProof aggregate = decoder.aggregateAndProof(body.get("aggregate_and_proof"));
        yield forkInfo.signingRoot(aggregate.hashTreeRoot(preset), DomainType.AGGREGATE_AND_PROOF,
            preset.epochAtSlot(aggregate.aggregate().data().slot()));
      }
      case "AGGREGATE_AND_PROOF_V2" -> {
        JsonField versioned = body.get("aggregate_and_proof");
        ForkName fork = ForkName.parse(versioned.get("version").text());
        JsonField data = versioned.get("data");
        if (fork.compareTo(ForkName.ELECTRA) >= 0) {
          AggregateAndProofElectra aggregate = decoder.aggregateAndProofElectra(data);
          yield forkInfo.signingRoot(aggregate.hashTreeRoot(preset), DomainType.AGGREGATE_AND_PROOF,
              preset.epochAtSlot(aggregate.aggregate().data().slot()));
        }
        AggregateAndProof aggregate = decoder.aggregateAndProof(data);
        yield forkInfo.signingRoot(aggregate.hashTreeRoot(preset), DomainType.AGGREGATE_AND_PROOF,
            preset.epochAtSlot(aggregate.aggregate().data().slot()));
      }
      case "RANDAO_REVEAL" -> {
        long epoch = body.get("randao_reveal").get("epoch").uint64();
        yield forkInfo.signingRoot(HashTreeRoots.ofUint64(epoch), DomainType.RANDAO, epoch);
      }
      case "VOLUNTARY_EXIT" -> {
        VoluntaryExit exit = decoder.voluntaryExit(body.get("voluntary_exit"));
        yield forkInfo.signingRoot(exit.hashTreeRoot(), DomainType.VOLUNTARY_EXIT, exit.epoch());
      }
      case "SYNC_COMMITTEE_MESSAGE" -> {
        JsonField message = body.get("sync_committee_message");
        yield forkInfo.signingRoot(HashTreeRoots.ofRoot(message.get("beacon_block_root").bytes32()),
            DomainType.SYNC_COMMITTEE, preset.epochAtSlot(message.get("slot").uint64()));
      }
      case "SYNC_COMMITTEE_SELECTION_PROOF" -> {
        SyncAggregatorSelectionData data =
            decoder.syncAggregatorSelectionData(body.get("sync_aggregator_selection_data"));
        yield forkInfo.signingRoot(data.hashTreeRoot(), DomainType.SYNC_COMMITTEE_SELECTION_PROOF,
            preset.epochAtSlot(data.slot()));
      }
      case "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF" -> {
        // The examples' aggregation_bits is one byte: Bitvector[8] of the minimal preset.
        ContributionAndProof contribution =
            new SpecJsonDecoder(Preset.MINIMAL).contributionAndProof(body.get("contribution_and_proof"));
        yield forkInfo.signingRoot(contribution.hashTreeRoot(Preset.MINIMAL), DomainType.CONTRIBUTION_AND_PROOF,
            Preset.MINIMAL.epochAtSlot(contribution.contribution().slot()));
      }
      default -> throw new IllegalArgumentException("no mapping for type " + type);
    };
  }
}
