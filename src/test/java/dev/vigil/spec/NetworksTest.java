package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.GenesisStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworksTest {
  private static final String TWO_TO_64_MINUS_1 = "18446744073709551615";

  @TempDir Path dir;

  /** name, genesis version, GVR, fork versions ALTAIR..FULU, their epochs (from each network's config.yaml). */
  static Stream<Arguments> builtIn() {
    return Stream.of(
        Arguments.of("mainnet", "0x00000000", "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95",
            List.of("0x01000000", "0x02000000", "0x03000000", "0x04000000", "0x05000000", "0x06000000"),
            List.of(74240L, 144896L, 194048L, 269568L, 364032L, 411392L)),
        Arguments.of("sepolia", "0x90000069", "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078",
            List.of("0x90000070", "0x90000071", "0x90000072", "0x90000073", "0x90000074", "0x90000075"),
            List.of(50L, 100L, 56832L, 132608L, 222464L, 272640L)),
        Arguments.of("holesky", "0x01017000", "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1",
            List.of("0x02017000", "0x03017000", "0x04017000", "0x05017000", "0x06017000", "0x07017000"),
            List.of(0L, 0L, 256L, 29696L, 115968L, 165120L)),
        Arguments.of("hoodi", "0x10000910", "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f",
            List.of("0x20000910", "0x30000910", "0x40000910", "0x50000910", "0x60000910", "0x70000910"),
            List.of(0L, 0L, 0L, 0L, 2048L, 50688L)),
        Arguments.of("ephemery", "0x1000101b", null,
            List.of("0x2000101b", "0x3000101b", "0x4000101b", "0x5000101b", "0x6000101b", "0x7000101b"),
            List.of(0L, 0L, 0L, 0L, 0L, 0L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtIn")
  void builtInNetworkSchedule(String name, String genesis, String root, List<String> versions, List<Long> epochs) {
    Network network = Networks.named(name);

    assertThat(network.name()).isEqualTo(name);
    assertThat(network.preset()).isEqualTo(Preset.MAINNET);
    assertThat(network.genesisForkVersion()).isEqualTo(Bytes4.fromHex(genesis));
    assertThat(network.genesisValidatorsRoot()).isEqualTo(Optional.ofNullable(root).map(Bytes32::fromHex));
    assertThat(network.forks()).extracting(ForkSchedule::fork).containsExactly(
        ForkName.ALTAIR, ForkName.BELLATRIX, ForkName.CAPELLA, ForkName.DENEB, ForkName.ELECTRA, ForkName.FULU);
    for (int i = 0; i < versions.size(); i++) {
      ForkSchedule fork = network.forks().get(i);
      assertThat(fork.version()).as(fork.fork().name()).isEqualTo(Bytes4.fromHex(versions.get(i)));
      assertThat(fork.epoch()).as(fork.fork().name()).isEqualTo(epochs.get(i));
    }
    assertThat(network.hasDeneb()).isTrue();
    assertThat(network.forkVersionAt(-1L)).isEqualTo(Bytes4.fromHex(versions.get(5)));
  }

  @Test
  void forkVersionAtFollowsTheMainnetSchedule() {
    Network mainnet = Networks.MAINNET;

    assertThat(mainnet.forkVersionAt(0)).isEqualTo(Bytes4.fromHex("0x00000000"));
    assertThat(mainnet.forkVersionAt(74239)).isEqualTo(Bytes4.fromHex("0x00000000"));
    assertThat(mainnet.forkVersionAt(74240)).isEqualTo(Bytes4.fromHex("0x01000000"));
    assertThat(mainnet.forkVersionAt(269567)).isEqualTo(Bytes4.fromHex("0x03000000"));
    assertThat(mainnet.forkVersionAt(269568)).isEqualTo(Bytes4.fromHex("0x04000000"));
    assertThat(mainnet.forkVersionAt(411392)).isEqualTo(Bytes4.fromHex("0x06000000"));
    assertThat(mainnet.forkNameAt(364031)).isEqualTo(ForkName.DENEB);
    assertThat(mainnet.forkNameAt(364032)).isEqualTo(ForkName.ELECTRA);
    assertThat(mainnet.isDenebActiveAt(269567)).isFalse();
    assertThat(mainnet.isDenebActiveAt(269568)).isTrue();
  }

  @Test
  void forkAtGivesTheStateForkObject() {
    assertThat(Networks.MAINNET.forkAt(270000)).isEqualTo(
        new Fork(Bytes4.fromHex("0x03000000"), Bytes4.fromHex("0x04000000"), 269568));
    assertThat(Networks.MAINNET.forkAt(10)).isEqualTo(
        new Fork(Bytes4.fromHex("0x00000000"), Bytes4.fromHex("0x00000000"), 0));
  }

  @Test
  void namedListsTheValidNamesWhenUnknown() {
    assertThatThrownBy(() -> Networks.named("goerli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("goerli")
        .hasMessageContaining("mainnet, sepolia, holesky, hoodi, ephemery");
  }

  @Test
  void ephemeryTakesItsGenesisValidatorsRoot() {
    Bytes32 root = Bytes32.fromHex("0x" + "ab".repeat(32));
    assertThatThrownBy(() -> Networks.EPHEMERY.voluntaryExitDomain(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ephemery");

    Network ephemery = Networks.EPHEMERY.withGenesisValidatorsRoot(root);

    assertThat(ephemery.genesisValidatorsRoot()).contains(root);
    assertThat(ephemery.voluntaryExitDomain(5)).isEqualTo(
        Domains.computeDomain(DomainType.VOLUNTARY_EXIT, Bytes4.fromHex("0x4000101b"), root));
  }

  @Test
  void exitDomainBeforeDenebUsesTheVersionAtTheExitEpoch() throws IOException {
    Path config = write("""
        PRESET_BASE: 'mainnet'
        CONFIG_NAME: 'pre-deneb'
        GENESIS_FORK_VERSION: 0x00000abc
        ALTAIR_FORK_VERSION: 0x01000abc
        ALTAIR_FORK_EPOCH: 10
        BELLATRIX_FORK_VERSION: 0x02000abc
        BELLATRIX_FORK_EPOCH: 20
        CAPELLA_FORK_VERSION: 0x03000abc
        CAPELLA_FORK_EPOCH: 30
        DENEB_FORK_VERSION: 0x04000abc
        DENEB_FORK_EPOCH: 18446744073709551615
        """);
    Bytes32 root = Bytes32.fromHex("0x" + "11".repeat(32));
    Network network = Networks.fromConfigYaml(config).withGenesisValidatorsRoot(root);

    assertThat(network.hasDeneb()).isFalse();
    assertThat(network.voluntaryExitDomain(15))
        .isEqualTo(Domains.computeDomain(DomainType.VOLUNTARY_EXIT, Bytes4.fromHex("0x01000abc"), root));
    assertThat(network.voluntaryExitDomain(35))
        .isEqualTo(Domains.computeDomain(DomainType.VOLUNTARY_EXIT, Bytes4.fromHex("0x03000abc"), root));
    assertThat(network.voluntaryExitDomain(5))
        .isEqualTo(Domains.computeDomain(DomainType.VOLUNTARY_EXIT, Bytes4.fromHex("0x00000abc"), root));
  }

  @Test
  void exitDomainFromDenebOnUsesCapellaForEveryEpoch() throws IOException {
    Path config = write("""
        PRESET_BASE: mainnet
        CONFIG_NAME: post-deneb
        GENESIS_FORK_VERSION: 0x00000abc
        ALTAIR_FORK_VERSION: 0x01000abc
        ALTAIR_FORK_EPOCH: 10
        BELLATRIX_FORK_VERSION: 0x02000abc
        BELLATRIX_FORK_EPOCH: 20
        CAPELLA_FORK_VERSION: 0x03000abc
        CAPELLA_FORK_EPOCH: 30
        DENEB_FORK_VERSION: 0x04000abc
        DENEB_FORK_EPOCH: 40
        ELECTRA_FORK_VERSION: 0x05000abc
        ELECTRA_FORK_EPOCH: 50
        """);
    Bytes32 root = Bytes32.fromHex("0x" + "22".repeat(32));
    Network network = Networks.fromConfigYaml(config).withGenesisValidatorsRoot(root);
    Bytes32 capella = Domains.computeDomain(DomainType.VOLUNTARY_EXIT, Bytes4.fromHex("0x03000abc"), root);

    assertThat(network.hasDeneb()).isTrue();
    for (long epoch : new long[] {0, 15, 35, 45, 55, -1L}) {
      assertThat(network.voluntaryExitDomain(epoch)).as("epoch %s", Long.toUnsignedString(epoch)).isEqualTo(capella);
    }
  }

  @Test
  void configYamlIsParsed() throws IOException {
    Path config = write("""
        # Extends the minimal preset
        PRESET_BASE: 'minimal'
        CONFIG_NAME: "devnet-7"   # a comment
        GENESIS_FORK_VERSION: 0x10000038
        ALTAIR_FORK_VERSION: 0x20000038
        ALTAIR_FORK_EPOCH: 0
        BELLATRIX_FORK_VERSION: 0x30000038
        BELLATRIX_FORK_EPOCH: 0
        CAPELLA_FORK_VERSION: 0x40000038
        CAPELLA_FORK_EPOCH: 0
        DENEB_FORK_VERSION: 0x50000038
        DENEB_FORK_EPOCH: 0
        ELECTRA_FORK_VERSION: 0x60000038
        ELECTRA_FORK_EPOCH: 18446744073709551614
        FULU_FORK_VERSION: 0x70000038
        FULU_FORK_EPOCH: 18446744073709551615
        GLOAS_FORK_VERSION: 0x80000038
        GLOAS_FORK_EPOCH: 18446744073709551615
        BLOB_SCHEDULE:
          - EPOCH: 0
            MAX_BLOBS_PER_BLOCK: 6
        """);

    Network network = Networks.fromConfigYaml(config);

    assertThat(network.name()).isEqualTo("devnet-7");
    assertThat(network.preset()).isEqualTo(Preset.MINIMAL);
    assertThat(network.genesisForkVersion()).isEqualTo(Bytes4.fromHex("0x10000038"));
    assertThat(network.genesisValidatorsRoot()).isEmpty();
    assertThat(network.forks()).extracting(ForkSchedule::fork).containsExactly(
        ForkName.ALTAIR, ForkName.BELLATRIX, ForkName.CAPELLA, ForkName.DENEB, ForkName.ELECTRA);
    // Epochs above 2^63 are valid uint64 values and compare unsigned.
    long electraEpoch = Long.parseUnsignedLong("18446744073709551614");
    assertThat(network.schedule(ForkName.ELECTRA).orElseThrow().epoch()).isEqualTo(electraEpoch);
    assertThat(network.forkVersionAt(Long.parseUnsignedLong("9223372036854775808")))
        .isEqualTo(Bytes4.fromHex("0x50000038"));
    assertThat(network.forkVersionAt(electraEpoch)).isEqualTo(Bytes4.fromHex("0x60000038"));
    assertThat(network.forkVersionAt(Long.parseUnsignedLong(TWO_TO_64_MINUS_1)))
        .isEqualTo(Bytes4.fromHex("0x60000038"));
  }

  @Test
  void realHoodiConfigFromWeb3SignerParses() {
    // Web3Signer's acceptance-test copy of hoodi's config.yaml, from before Fulu was scheduled.
    Network hoodi = Networks.fromConfigYaml(
        dev.vigil.testing.Vectors.path("web3signer/acceptance-tests/src/test/resources/eth2/network_config.yaml"));

    assertThat(hoodi.name()).isEqualTo("hoodi");
    assertThat(hoodi.preset()).isEqualTo(Preset.MAINNET);
    assertThat(hoodi.genesisForkVersion()).isEqualTo(Networks.HOODI.genesisForkVersion());
    assertThat(hoodi.forks()).isEqualTo(Networks.HOODI.forks().subList(0, 5));
    assertThat(hoodi.forkVersionAt(-1L)).isEqualTo(Bytes4.fromHex("0x60000910"));
  }

  @Test
  void configYamlErrorsNameTheKey() throws IOException {
    assertThatThrownBy(() -> Networks.fromConfigYaml(write("PRESET_BASE: gnosis\nGENESIS_FORK_VERSION: 0x00000064\n")))
        .hasMessageContaining("PRESET_BASE").hasMessageContaining("gnosis");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write("PRESET_BASE: mainnet\n")))
        .hasMessageContaining("GENESIS_FORK_VERSION: missing");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write(
            "GENESIS_FORK_VERSION: 0x00000001\nALTAIR_FORK_VERSION: 0x01000001\nALTAIR_FORK_EPOCH: -3\n")))
        .hasMessageContaining("ALTAIR_FORK_EPOCH");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write(
            "GENESIS_FORK_VERSION: 0x00000001\nALTAIR_FORK_EPOCH: 3\n")))
        .hasMessageContaining("ALTAIR_FORK_VERSION: missing");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write(
            "GENESIS_FORK_VERSION: 0x0001\n")))
        .hasMessageContaining("GENESIS_FORK_VERSION");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write("""
            GENESIS_FORK_VERSION: 0x00000001
            ALTAIR_FORK_VERSION: 0x01000001
            ALTAIR_FORK_EPOCH: 10
            BELLATRIX_FORK_VERSION: 0x02000001
            BELLATRIX_FORK_EPOCH: 5
            """)))
        .hasMessageContaining("BELLATRIX is scheduled before ALTAIR");
    assertThatThrownBy(() -> Networks.fromConfigYaml(write("""
            GENESIS_FORK_VERSION: 0x00000001
            CAPELLA_FORK_VERSION: 0x03000001
            CAPELLA_FORK_EPOCH: 5
            """)))
        .hasMessageContaining("CAPELLA is scheduled but ALTAIR is not");
  }

  @Test
  void resolveTakesANameOrAConfigPathWithItsRootFile() throws IOException {
    assertThat(Networks.resolve("hoodi")).isSameAs(Networks.HOODI);
    Path config = write("CONFIG_NAME: custom\nGENESIS_FORK_VERSION: 0x00000009\n");
    assertThat(Networks.resolve(config.toString()).genesisValidatorsRoot()).isEmpty();

    Files.writeString(dir.resolve(Networks.GENESIS_VALIDATORS_ROOT_FILE), "0x" + "33".repeat(32) + "\n");

    assertThat(Networks.resolve(config.toString()).genesisValidatorsRoot())
        .contains(Bytes32.fromHex("0x" + "33".repeat(32)));
    assertThatThrownBy(() -> Networks.resolve(dir.resolve("absent.yaml").toString()))
        .hasMessageContaining("absent.yaml").hasMessageContaining("mainnet");
  }

  @Test
  void configYamlTakesItsGenesisTimeFromTheGenesisStateBesideIt() throws IOException {
    Path config = write("GENESIS_FORK_VERSION: 0x00000009\nMIN_GENESIS_TIME: 1700000000\nSECONDS_PER_SLOT: 6\n");
    Files.write(dir.resolve(Networks.GENESIS_STATE_FILE), GenesisStates.truncated(1_700_000_600L));

    GenesisClock clock = Networks.resolve(config.toString()).genesisClock().orElseThrow();

    assertThat(clock.genesisTime()).isEqualTo(1_700_000_600L);
    assertThat(clock.slotDurationMillis()).isEqualTo(6_000);
    assertThat(clock.source()).contains(dir.resolve(Networks.GENESIS_STATE_FILE).toString());
    assertThat(clock.slotAt(java.time.Instant.ofEpochSecond(1_700_000_600L + 6 * 10 + 5))).isEqualTo(10);
  }

  @Test
  void withoutAGenesisStateMinGenesisTimeIsTheLowerBound() throws IOException {
    Path config = write("GENESIS_FORK_VERSION: 0x00000009\nMIN_GENESIS_TIME: 1700000000\n"
        + "SECONDS_PER_SLOT: 12\nSLOT_DURATION_MS: 4000\n");

    GenesisClock clock = Networks.resolve(config.toString()).genesisClock().orElseThrow();

    assertThat(clock.genesisTime()).isEqualTo(1_700_000_000L);
    // Both durations given: the shorter one, whose clock runs ahead.
    assertThat(clock.slotDurationMillis()).isEqualTo(4_000);
    assertThat(clock.source()).contains("MIN_GENESIS_TIME").contains(config.toString());
  }

  @Test
  void withoutAGenesisTimeOrASlotDurationThereIsNoClock() throws IOException {
    assertThat(Networks.resolve(write("GENESIS_FORK_VERSION: 0x00000009\nSECONDS_PER_SLOT: 12\n").toString())
        .genesisClock()).isEmpty();
    assertThat(Networks.resolve(write("GENESIS_FORK_VERSION: 0x00000009\nMIN_GENESIS_TIME: 1700000000\n").toString())
        .genesisClock()).isEmpty();
    assertThat(Networks.EPHEMERY.genesisClock()).isEmpty();
    assertThat(Networks.HOODI.genesisClock().orElseThrow().genesisTime()).isEqualTo(1742213400L);
  }

  @Test
  void aTooShortGenesisStateOrABadDurationIsAnErrorNamingTheFile() throws IOException {
    Path config = write("GENESIS_FORK_VERSION: 0x00000009\nSECONDS_PER_SLOT: 12\n");
    Path state = dir.resolve(Networks.GENESIS_STATE_FILE);
    Files.write(state, new byte[7]);

    assertThatThrownBy(() -> Networks.resolve(config.toString()))
        .hasMessageContaining(state.toString()).hasMessageContaining("genesis_time");
    Files.delete(state);
    assertThatThrownBy(() -> Networks.resolve(write("GENESIS_FORK_VERSION: 0x00000009\nSECONDS_PER_SLOT: 0\n").toString()))
        .hasMessageContaining("SECONDS_PER_SLOT");
  }

  @Test
  void genesisValidatorsRootFileMustHold32Bytes() throws IOException {
    Path file = dir.resolve("gvr.txt");
    Files.writeString(file, "4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");
    assertThat(Networks.readGenesisValidatorsRoot(file)).isEqualTo(Networks.MAINNET.requireGenesisValidatorsRoot());

    Files.writeString(file, "0x1234");

    assertThatThrownBy(() -> Networks.readGenesisValidatorsRoot(file)).hasMessageContaining("gvr.txt");
  }

  @Test
  void depositAndBuilderDomainsUseTheGenesisVersionAndAZeroRoot() {
    assertThat(Networks.HOLESKY.depositDomain())
        .isEqualTo(Domains.computeDomain(DomainType.DEPOSIT, Bytes4.fromHex("0x01017000"), Bytes32.ZERO));
    assertThat(Networks.HOLESKY.builderDomain())
        .isEqualTo(Domains.computeDomain(DomainType.APPLICATION_BUILDER, Bytes4.fromHex("0x01017000"), Bytes32.ZERO));
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void configYamlSchedulesGloas() throws Exception {
    Network devnet = Networks.fromConfigYaml(Path.of(getClass().getResource("/client-requests/gloas-devnet-config.yaml").toURI()));
    assertThat(devnet.forkNameAt(99)).isEqualTo(ForkName.FULU);
    assertThat(devnet.forkNameAt(100)).isEqualTo(ForkName.GLOAS);
    assertThat(devnet.forkAt(100)).isEqualTo(new Fork(Bytes4.fromHex("0x70000000"), Bytes4.fromHex("0x80000000"), 100));
    assertThat(devnet.forkOfVersion(Bytes4.fromHex("0x80000000"))).contains(ForkName.GLOAS);
  }

  @Test
  void builtInNetworksAreRecognisedByTheirGenesisValidatorsRoot() {
    for (Network network : List.of(Networks.MAINNET, Networks.SEPOLIA, Networks.HOLESKY, Networks.HOODI)) {
      assertThat(Networks.byGenesisValidatorsRoot(network.requireGenesisValidatorsRoot())).contains(network);
      assertThat(new NetworkRecognition(Optional.empty()).networkOf(network.requireGenesisValidatorsRoot())).contains(network);
    }
    Bytes32 unknown = Bytes32.fromHex("0x" + "ab".repeat(32));
    assertThat(Networks.byGenesisValidatorsRoot(unknown)).isEmpty();
    assertThat(new NetworkRecognition(Optional.of(Networks.HOODI)).networkOf(unknown)).as("another chain's root").isEmpty();
    assertThat(new NetworkRecognition(Optional.of(Networks.EPHEMERY)).networkOf(unknown)).as("a network whose root is not known")
        .contains(Networks.EPHEMERY);
    assertThat(new NetworkRecognition(Optional.of(Networks.HOODI)).networkOf(Networks.MAINNET.requireGenesisValidatorsRoot()))
        .contains(Networks.MAINNET);
  }
}
