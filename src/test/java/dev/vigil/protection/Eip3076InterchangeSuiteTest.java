package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import dev.vigil.testing.Vectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official EIP-3076 interchange suite, every step of every file, on both stores. Our stores
 * keep complete history, so they import every file (also those marked as containing slashable
 * data) and must give exactly {@code should_succeed_complete} for every block and attestation.
 * Afterwards (on SQLite; the export and import SQL is shared) the whole history must survive an
 * export and re-import unchanged.
 */
class Eip3076InterchangeSuiteTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  static Stream<String> files() throws IOException {
    try (Stream<Path> files = Files.list(Vectors.path("eip3076-slashing-protection-interchange-tests/tests/generated"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void sqlite(String file) throws IOException {
    try (SlashingProtection store = TestStores.sqlite(dir.resolve("a"));
        SlashingProtection copy = TestStores.sqlite(dir.resolve("b"))) {
      run(store, file);
      assertCompleteRoundTrip(store, copy);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void postgresql(String file) throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = schema.open()) {
      run(store, file);
    }
  }

  /** The store's export, imported into an empty store, exports again to the same file. */
  private static void assertCompleteRoundTrip(SlashingProtection store, SlashingProtection empty) {
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    store.exportInterchange(exported, Set.of());
    empty.importInterchange(new ByteArrayInputStream(exported.toByteArray()));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    empty.exportInterchange(again, Set.of());
    assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(exported.toString(StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void theSuiteHasAllThirtyEightFiles() throws IOException {
    assertThat(files()).hasSize(38);
  }

  private static void run(SlashingProtection store, String file) throws IOException {
    JsonNode test = MAPPER.readTree(
        Vectors.path("eip3076-slashing-protection-interchange-tests/tests/generated/" + file).toFile());
    Bytes32 gvr = Bytes32.fromHex(test.get("genesis_validators_root").asText());
    store.pinGenesisValidatorsRoot(gvr);
    int stepIndex = 0;
    for (JsonNode step : test.get("steps")) {
      String where = file + " step " + stepIndex++;
      byte[] interchange = MAPPER.writeValueAsBytes(step.get("interchange"));
      if (step.get("should_succeed").asBoolean()) {
        store.importInterchange(new ByteArrayInputStream(interchange));
      } else {
        assertThatThrownBy(() -> store.importInterchange(new ByteArrayInputStream(interchange)))
            .as(where).isInstanceOf(InterchangeException.class);
      }
      int i = 0;
      for (JsonNode block : step.get("blocks")) {
        Decision decision = store.checkAndRecordBlock(
            BLSPubkey.fromHex(block.get("pubkey").asText()),
            UInt64.parse("slot", block.get("slot").asText()),
            root(block),
            gvr);
        assertThat(decision.accepted())
            .as("%s block %d (slot %s): %s", where, i++, block.get("slot").asText(), decision)
            .isEqualTo(block.get("should_succeed_complete").asBoolean());
      }
      i = 0;
      for (JsonNode attestation : step.get("attestations")) {
        Decision decision = store.checkAndRecordAttestation(
            BLSPubkey.fromHex(attestation.get("pubkey").asText()),
            UInt64.parse("source_epoch", attestation.get("source_epoch").asText()),
            UInt64.parse("target_epoch", attestation.get("target_epoch").asText()),
            root(attestation),
            gvr);
        assertThat(decision.accepted())
            .as("%s attestation %d (%s→%s): %s", where, i++, attestation.get("source_epoch").asText(),
                attestation.get("target_epoch").asText(), decision)
            .isEqualTo(attestation.get("should_succeed_complete").asBoolean());
      }
    }
  }

  private static Bytes32 root(JsonNode message) {
    JsonNode root = message.get("signing_root");
    return root == null || root.isNull() ? Bytes32.ZERO : Bytes32.fromHex(root.asText());
  }
}
