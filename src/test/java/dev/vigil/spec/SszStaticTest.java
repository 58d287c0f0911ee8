package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.spec.json.JsonField;
import dev.vigil.spec.json.SpecJsonDecoder;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszPresetContainer;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official phase0 ssz_static vectors (consensus-spec-tests v1.0.0, mainnet and minimal): each
 * value.yaml is decoded with the JSON decoder, its hash_tree_root compared with roots.yaml and its
 * serialization with serialized.ssz.
 */
class SszStaticTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String ROOT = "ssz-static/consensus-spec-tests-v1.0.0";

  /** Type name → the container decoded from value.yaml. */
  private static final Map<String, BiFunction<SpecJsonDecoder, JsonField, Object>> TYPES = Map.ofEntries(
      Map.entry("AggregateAndProof", (d, f) -> d.aggregateAndProof(f)),
      Map.entry("Attestation", (d, f) -> d.attestation(f)),
      Map.entry("AttestationData", (d, f) -> d.attestationData(f)),
      Map.entry("AttesterSlashing", (d, f) -> d.attesterSlashing(f)),
      Map.entry("BeaconBlock", (d, f) -> d.beaconBlock(f, ForkName.PHASE0)),
      Map.entry("BeaconBlockBody", (d, f) -> d.beaconBlockBody(f)),
      Map.entry("BeaconBlockHeader", (d, f) -> d.beaconBlockHeader(f)),
      Map.entry("Checkpoint", (d, f) -> d.checkpoint(f)),
      Map.entry("Deposit", (d, f) -> d.deposit(f)),
      Map.entry("DepositData", (d, f) -> d.depositData(f)),
      Map.entry("DepositMessage", (d, f) -> d.depositMessage(f)),
      Map.entry("Eth1Data", (d, f) -> d.eth1Data(f)),
      Map.entry("Fork", (d, f) -> d.fork(f)),
      Map.entry("ForkData", (d, f) -> d.forkData(f)),
      Map.entry("IndexedAttestation", (d, f) -> d.indexedAttestation(f)),
      Map.entry("ProposerSlashing", (d, f) -> d.proposerSlashing(f)),
      Map.entry("SignedAggregateAndProof", (d, f) -> d.signedAggregateAndProof(f)),
      Map.entry("SignedBeaconBlock", (d, f) -> d.signedBeaconBlock(f, ForkName.PHASE0)),
      Map.entry("SignedBeaconBlockHeader", (d, f) -> d.signedBeaconBlockHeader(f)),
      Map.entry("SignedVoluntaryExit", (d, f) -> d.signedVoluntaryExit(f)),
      Map.entry("SigningData", (d, f) -> d.signingData(f)),
      Map.entry("VoluntaryExit", (d, f) -> d.voluntaryExit(f)));

  static Stream<Arguments> cases() throws IOException {
    Path root = Vectors.path(ROOT);
    List<Path> caseDirs;
    try (Stream<Path> files = Files.walk(root)) {
      caseDirs = files.filter(p -> p.getFileName().toString().equals("roots.yaml"))
          .map(Path::getParent).sorted().toList();
    }
    assertThat(caseDirs).as("ssz_static cases").hasSizeGreaterThan(1000);
    return caseDirs.stream().map(dir -> {
      // <preset>/phase0/ssz_static/<Type>/<handler>/<case>
      Path relative = root.relativize(dir);
      String preset = relative.getName(0).toString();
      String type = relative.getName(3).toString();
      String name = preset + "/" + type + "/" + relative.getName(4) + "/" + relative.getName(5);
      return Arguments.of(name, dir);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hashTreeRootAndSerializationMatch(String name, Path dir) throws IOException {
    String preset = name.substring(0, name.indexOf('/'));
    String type = name.split("/")[1];
    assertThat(TYPES).as("decoder for %s", type).containsKey(type);
    JsonNode value = YAML.readTree(dir.resolve("value.yaml").toFile());
    Bytes32 expected = Bytes32.fromHex(YAML.readTree(dir.resolve("roots.yaml").toFile()).get("root").asText());

    Object container = TYPES.get(type).apply(new SpecJsonDecoder(Preset.named(preset)), JsonField.root(value));

    if (container instanceof SszPresetContainer c) {
      assertThat(c.hashTreeRoot(Preset.named(preset))).isEqualTo(expected);
      assertThat(c.toSszBytes()).isEqualTo(Files.readAllBytes(dir.resolve("serialized.ssz")));
    } else {
      SszContainer c = (SszContainer) container;
      assertThat(c.hashTreeRoot()).isEqualTo(expected);
      assertThat(c.toSszBytes()).isEqualTo(Files.readAllBytes(dir.resolve("serialized.ssz")));
    }
  }
}
