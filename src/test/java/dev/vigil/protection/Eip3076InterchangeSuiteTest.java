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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official EIP-3076 interchange suite, every step of every file, on both stores. Our stores
 * keep complete history, so they import every file (also those marked as containing slashable
 * data), and they enforce the EIP's import conditions (2), (4) and (5) on top: after an import,
 * nothing at or below that file's minima for a key is signed unless it repeats a recorded message.
 * So every block and attestation must give {@code should_succeed_complete}, except that the import
 * floors (computed here by {@link ImportFloors}, independently of the store) may refuse more; the
 * expectation is checked never to be stricter than the suite's minimal strategy ({@code
 * should_succeed}). Afterwards (on SQLite; the export and import SQL is shared) the whole history
 * must survive an export and re-import unchanged.
 */
class Eip3076InterchangeSuiteTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  static Stream<String> files() throws IOException {
    try (Stream<Path> files = Files.list(Vectors.path("eip3076-slashing-protection-interchange-tests/tests/generated"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0} on SQLite")
  @MethodSource("files")
  void sqlite(String file) throws IOException {
    try (SlashingProtection store = TestStores.sqlite(dir.resolve("a"));
        SlashingProtection copy = TestStores.sqlite(dir.resolve("b"))) {
      run(store, file);
      assertCompleteRoundTrip(store, copy);
    }
  }

  @ParameterizedTest(name = "{0} on PostgreSQL")
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
    ImportFloors floors = new ImportFloors();
    int stepIndex = 0;
    for (JsonNode step : test.get("steps")) {
      String where = file + " step " + stepIndex++;
      byte[] interchange = MAPPER.writeValueAsBytes(step.get("interchange"));
      if (step.get("should_succeed").asBoolean()) {
        store.importInterchange(new ByteArrayInputStream(interchange));
        floors.imported(step.get("interchange"));
      } else {
        assertThatThrownBy(() -> store.importInterchange(new ByteArrayInputStream(interchange)))
            .as(where).isInstanceOf(InterchangeException.class);
      }
      int i = 0;
      for (JsonNode block : step.get("blocks")) {
        String pubkey = block.get("pubkey").asText();
        long slot = UInt64.parse("slot", block.get("slot").asText());
        Bytes32 root = root(block);
        boolean expected = block.get("should_succeed_complete").asBoolean() && floors.allowsBlock(pubkey, slot, root);
        assertThat(!block.get("should_succeed").asBoolean() || expected)
            .as("%s block %d: the import floors refuse what the minimal strategy signs", where, i).isTrue();
        Decision decision = store.checkAndRecordBlock(BLSPubkey.fromHex(pubkey), slot, root, gvr);
        assertThat(decision.accepted())
            .as("%s block %d (slot %s): %s", where, i++, block.get("slot").asText(), decision)
            .isEqualTo(expected);
        if (decision.accepted()) {
          floors.signedBlock(pubkey, slot, root);
        }
      }
      i = 0;
      for (JsonNode attestation : step.get("attestations")) {
        String pubkey = attestation.get("pubkey").asText();
        long source = UInt64.parse("source_epoch", attestation.get("source_epoch").asText());
        long target = UInt64.parse("target_epoch", attestation.get("target_epoch").asText());
        Bytes32 root = root(attestation);
        boolean expected = attestation.get("should_succeed_complete").asBoolean()
            && floors.allowsAttestation(pubkey, source, target, root);
        assertThat(!attestation.get("should_succeed").asBoolean() || expected)
            .as("%s attestation %d: the import floors refuse what the minimal strategy signs", where, i).isTrue();
        Decision decision = store.checkAndRecordAttestation(BLSPubkey.fromHex(pubkey), source, target, root, gvr);
        assertThat(decision.accepted())
            .as("%s attestation %d (%s→%s): %s", where, i++, attestation.get("source_epoch").asText(),
                attestation.get("target_epoch").asText(), decision)
            .isEqualTo(expected);
        if (decision.accepted()) {
          floors.signedAttestation(pubkey, source, target, root);
        }
      }
    }
  }

  /**
   * EIP-3076's conditions (2), (4) and (5): per key, the highest minimum any imported file gave,
   * and the messages known with their roots. A repeat of a known message is exempt from all three
   * (the EIP names the exception for (2) and (5); signing a recorded message again adds nothing
   * slashable, and the stores allow it for (4) too).
   */
  private static final class ImportFloors {
    private final Map<String, Long> slotFloor = new HashMap<>();
    private final Map<String, Long> sourceFloor = new HashMap<>();
    private final Map<String, Long> targetFloor = new HashMap<>();
    private final Set<String> known = new HashSet<>();

    void imported(JsonNode interchange) {
      Map<String, Long> minSlot = new HashMap<>();
      Map<String, Long> minSource = new HashMap<>();
      Map<String, Long> minTarget = new HashMap<>();
      for (JsonNode validator : interchange.get("data")) {
        String pubkey = validator.get("pubkey").asText();
        for (JsonNode block : validator.get("signed_blocks")) {
          long slot = UInt64.parse("slot", block.get("slot").asText());
          minSlot.merge(pubkey, slot, ImportFloors::minUnsigned);
          if (block.hasNonNull("signing_root")) {
            signedBlock(pubkey, slot, Bytes32.fromHex(block.get("signing_root").asText()));
          }
        }
        for (JsonNode attestation : validator.get("signed_attestations")) {
          long source = UInt64.parse("source_epoch", attestation.get("source_epoch").asText());
          long target = UInt64.parse("target_epoch", attestation.get("target_epoch").asText());
          minSource.merge(pubkey, source, ImportFloors::minUnsigned);
          minTarget.merge(pubkey, target, ImportFloors::minUnsigned);
          if (attestation.hasNonNull("signing_root")) {
            signedAttestation(pubkey, source, target, Bytes32.fromHex(attestation.get("signing_root").asText()));
          }
        }
      }
      minSlot.forEach((pubkey, slot) -> slotFloor.merge(pubkey, slot, ImportFloors::maxUnsigned));
      minSource.forEach((pubkey, source) -> sourceFloor.merge(pubkey, source, ImportFloors::maxUnsigned));
      minTarget.forEach((pubkey, target) -> targetFloor.merge(pubkey, target, ImportFloors::maxUnsigned));
    }

    void signedBlock(String pubkey, long slot, Bytes32 root) {
      known.add(pubkey + "/block/" + Long.toUnsignedString(slot) + "/" + root);
    }

    void signedAttestation(String pubkey, long source, long target, Bytes32 root) {
      known.add(pubkey + "/attestation/" + Long.toUnsignedString(source) + "/" + Long.toUnsignedString(target) + "/" + root);
    }

    /** Condition (2): slot <= the minimum slot is refused unless it repeats a known block. */
    boolean allowsBlock(String pubkey, long slot, Bytes32 root) {
      Long floor = slotFloor.get(pubkey);
      return floor == null || Long.compareUnsigned(slot, floor) > 0
          || known.contains(pubkey + "/block/" + Long.toUnsignedString(slot) + "/" + root);
    }

    /** Conditions (4) and (5): source below the minimum source, or target at or below the minimum target unless a repeat. */
    boolean allowsAttestation(String pubkey, long source, long target, Bytes32 root) {
      boolean repeat = known.contains(pubkey + "/attestation/" + Long.toUnsignedString(source) + "/"
          + Long.toUnsignedString(target) + "/" + root);
      Long minSource = sourceFloor.get(pubkey);
      Long minTarget = targetFloor.get(pubkey);
      return (repeat || minSource == null || Long.compareUnsigned(source, minSource) >= 0)
          && (repeat || minTarget == null || Long.compareUnsigned(target, minTarget) > 0);
    }

    private static long minUnsigned(long a, long b) {
      return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long maxUnsigned(long a, long b) {
      return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
  }

  private static Bytes32 root(JsonNode message) {
    JsonNode root = message.get("signing_root");
    return root == null || root.isNull() ? Bytes32.ZERO : Bytes32.fromHex(root.asText());
  }
}
