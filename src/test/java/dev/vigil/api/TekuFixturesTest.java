package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Network;
import dev.vigil.spec.NetworkRecognition;
import dev.vigil.spec.Preset;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Teku's own external-signer fixtures (../shared/vectors/validator-client-requests/teku, minimal
 * preset, random forks and roots): the three block files carry real signing roots, which must pass
 * the root check as sent; the others carry a random signingRoot, so they are decoded without it.
 */
class TekuFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REAL_ROOTS = List.of(
      "phase0BlockExternalSignerMessage.json", "altairBlockExternalSignerMessage.json", "bellatrixBlockExternalSignerMessage.json");
  /** Test artefacts upstream: the type without its payload (see the folder's SOURCES.md). */
  private static final List<String> WITHOUT_PAYLOAD = List.of(
      "altairSyncCommitteeSelectionProofExternalSignerMessage.json", "altairSyncCommitteeContributionAndProofExternalSignerMessage.json");
  private final Web3SignerRequestDecoder decoder = new Web3SignerRequestDecoder(
      new Network("minimal", Preset.MINIMAL, Bytes4.fromHex("0x00000001"), Optional.empty(), List.of(), Optional.empty()),
      new NetworkRecognition(Optional.empty()));

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(Vectors.path("validator-client-requests/teku"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
      assertThat(names).hasSize(12);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void tekuFixtureIsAccepted(String file) throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(Vectors.path("validator-client-requests/teku/" + file).toFile());
    Bytes32 sent = Bytes32.fromHex(body.get("signingRoot").asText());
    if (WITHOUT_PAYLOAD.contains(file)) {
      body.remove("signingRoot");
      assertThatThrownBy(() -> decoder.decode(body)).isInstanceOf(ApiException.class).hasMessageContaining("missing");
      return;
    }
    if (REAL_ROOTS.contains(file)) {
      assertThat(decoder.decode(body).signingRoot()).isEqualTo(sent);
      return;
    }
    body.remove("signingRoot");
    assertThat(decoder.decode(body).signingRoot()).isNotEqualTo(sent);
  }
}
