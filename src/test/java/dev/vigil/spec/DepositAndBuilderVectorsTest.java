package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.json.JsonField;
import dev.vigil.spec.json.SpecJsonDecoder;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Roots and domains from deposit tools, the builder specs' ecosystem and the EIP-7044 exit vector
 * (signatures are the crypto package's job; only roots are checked here).
 */
class DepositAndBuilderVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SpecJsonDecoder DECODER = new SpecJsonDecoder(Preset.MAINNET);

  /** Every entry of the Lighthouse deposit_data files and the web3signer medalla/pyrmont ones. */
  static Stream<Arguments> deposits() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Vectors.path("deposit-data/lighthouse"))) {
      walk.filter(p -> p.getFileName().toString().startsWith("deposit_data-")).sorted().forEach(files::add);
    }
    files.add(Vectors.path("web3signer/acceptance-tests/src/test/resources/eth2/deposit_data-medalla.json"));
    files.add(Vectors.path("web3signer/acceptance-tests/src/test/resources/eth2/deposit_data-pyrmont.json"));
    List<Arguments> cases = new ArrayList<>();
    Path root = Vectors.root();
    for (Path file : files) {
      JsonNode entries = JSON.readTree(file.toFile());
      for (int i = 0; i < entries.size(); i++) {
        cases.add(Arguments.of(root.relativize(file) + "[" + i + "]", entries.get(i)));
      }
    }
    assertThat(cases).as("22 Lighthouse deposits plus the web3signer ones").hasSizeGreaterThanOrEqualTo(24);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deposits")
  void depositRootsMatch(String name, JsonNode entry) {
    // deposit_data files write hex without 0x and the amount as a JSON number: the decoder takes both.
    DepositData data = DECODER.depositData(JsonField.root(entry));

    assertThat(data.message().hashTreeRoot().toHexString())
        .isEqualTo("0x" + entry.get("deposit_message_root").asText());
    assertThat(data.hashTreeRoot().toHexString()).isEqualTo("0x" + entry.get("deposit_data_root").asText());
  }

  @Test
  void stakingDepositCliDomainsAndSigningRoot() throws IOException {
    JsonNode unit = extracted("deposit-data").get("staking_deposit_cli_ssz_unit");
    JsonNode domain = unit.get("compute_deposit_domain");
    JsonNode forkData = unit.get("compute_deposit_fork_data_root");
    JsonNode signing = unit.get("compute_signing_root");

    assertThat(Domains.computeDepositDomain(Bytes4.fromHex(domain.get("fork_version").asText())))
        .isEqualTo(Bytes32.fromHex(domain.get("domain").asText()));
    assertThat(Domains.computeForkDataRoot(Bytes4.fromHex(forkData.get("current_version").asText()),
            Bytes32.fromHex(forkData.get("genesis_validators_root").asText())))
        .isEqualTo(Bytes32.fromHex(forkData.get("fork_data_root").asText()));
    DepositMessage message = DECODER.depositMessage(JsonField.root(signing.get("deposit_message")));
    assertThat(Domains.computeSigningRoot(message.hashTreeRoot(), Bytes32.fromHex(signing.get("domain").asText())))
        .isEqualTo(Bytes32.fromHex(signing.get("signing_root").asText()));
  }

  @Test
  void eip7044ExitOnMainnetUsesTheCapellaVersion() throws IOException {
    JsonNode exitVector = extracted("deposit-data").get("ethstaker_signed_voluntary_exit");
    VoluntaryExit exit = DECODER.voluntaryExit(JsonField.root(exitVector.get("message")));

    Bytes32 signingRoot = Domains.computeSigningRoot(
        exit.hashTreeRoot(), Networks.MAINNET.voluntaryExitDomain(exit.epoch()));

    assertThat(signingRoot).isEqualTo(Bytes32.fromHex(exitVector.get("signing_root_computed_by_extractor").asText()));
    assertThat(Networks.MAINNET.versionOf(ForkName.CAPELLA))
        .contains(Bytes4.fromHex(exitVector.get("exit_fork_version").asText()));
  }

  @Test
  void validatorRegistrationRoot() throws IOException {
    JsonNode vector = extracted("builder-validator-registration").get("go_boost_utils_TestVerifySignatureManualPk");

    ValidatorRegistration registration = DECODER.validatorRegistration(JsonField.root(vector.get("message")));

    assertThat(registration.hashTreeRoot()).isEqualTo(Bytes32.fromHex(vector.get("hash_tree_root_checked").asText()));
  }

  @Test
  void signedValidatorRegistrationsSerializeAsTheBuilderSpecsExample() throws IOException {
    String example = "builder-validator-registration/builder-specs/examples/bellatrix/signed_validator_registrations";
    JsonNode registrations = JSON.readTree(Vectors.path(example + ".json").toFile()).get("value");
    java.io.ByteArrayOutputStream serialized = new java.io.ByteArrayOutputStream();

    // List[SignedValidatorRegistrationV1]: fixed-size elements (message ‖ signature) back to back.
    for (JsonNode signed : registrations) {
      serialized.writeBytes(DECODER.validatorRegistration(JsonField.root(signed.get("message"))).toSszBytes());
      serialized.writeBytes(JsonField.root(signed).get("signature").signature().toArray());
    }

    assertThat(serialized.toByteArray()).isEqualTo(Files.readAllBytes(Vectors.path(example + ".ssz")));
  }

  static Stream<Arguments> builderDomains() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode vector : extracted("builder-validator-registration").get("go_boost_utils_domains")) {
      cases.add(Arguments.of(vector.get("what").asText(), vector));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builderDomains")
  void computeDomainMatches(String name, JsonNode vector) {
    Bytes32 domain = Domains.computeDomain(
        DomainType.of(vector.get("domain_type").asText()),
        Bytes4.fromHex(vector.get("fork_version").asText()),
        Bytes32.fromHex(vector.get("genesis_validators_root").asText()));

    assertThat(domain).isEqualTo(Bytes32.fromHex(vector.get("domain").asText()));
  }

  @Test
  void builderDomainOfKiln() throws IOException {
    JsonNode kiln = extracted("builder-validator-registration").get("go_boost_utils_domains").get(1);

    assertThat(Domains.computeBuilderDomain(Bytes4.fromHex(kiln.get("fork_version").asText())))
        .isEqualTo(Bytes32.fromHex(kiln.get("domain").asText()));
  }

  @Test
  void kilnRegistrationAndBlindedBlockSigningRoots() throws IOException {
    JsonNode vectors = extracted("builder-validator-registration");
    JsonNode registration = vectors.get("mev_boost_relay_kiln_registrations");
    JsonNode block = vectors.get("kiln_signed_blinded_beacon_block_899730");

    assertThat(Domains.computeSigningRoot(
            Bytes32.fromHex(registration.get("valreg0_hash_tree_root").asText()),
            Domains.computeBuilderDomain(Bytes4.fromHex("0x70000069"))))
        .isEqualTo(Bytes32.fromHex(registration.get("valreg0_signing_root").asText()));
    assertThat(Domains.computeSigningRoot(
            Bytes32.fromHex(block.get("message_hash_tree_root").asText()),
            Bytes32.fromHex(block.get("domain").asText())))
        .isEqualTo(Bytes32.fromHex(block.get("signing_root_computed_by_extractor").asText()));
  }

  private static JsonNode extracted(String folder) throws IOException {
    return JSON.readTree(Vectors.path(folder + "/EXTRACTED_vectors.json").toFile());
  }
}
