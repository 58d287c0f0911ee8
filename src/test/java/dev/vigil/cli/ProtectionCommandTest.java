package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProtectionCommandTest {
  private static final Bytes32 GVR = Bytes32.fromHex("0x" + "11".repeat(32));
  private static final BLSPubkey A = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final BLSPubkey B = BLSPubkey.fromHex("0x" + "b2".repeat(48));
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path temp;
  private Path source;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void recordSomeHistory() {
    source = temp.resolve("source");
    try (SlashingProtection store = SlashingProtectionStores.open(null, source, PruningPolicy.OFF)) {
      store.checkAndRecordBlock(A, 10, Bytes32.fromHex("0x" + "01".repeat(32)), GVR);
      store.checkAndRecordAttestation(A, 3, 4, Bytes32.fromHex("0x" + "02".repeat(32)), GVR);
      store.checkAndRecordBlock(B, 20, Bytes32.fromHex("0x" + "03".repeat(32)), GVR);
    }
  }

  private int vigil(String... args) {
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void exportsEverythingAndImportsIntoAnotherDataDir() throws Exception {
    Path file = temp.resolve("history.json");
    assertThat(vigil("protection", "export", "--data-dir", source.toString(), "--output", file.toString()))
        .as(err.toString()).isZero();
    JsonNode json = MAPPER.readTree(file.toFile());
    assertThat(json.get("data")).hasSize(2);

    Path target = temp.resolve("target");
    assertThat(vigil("protection", "import", "--data-dir", target.toString(), "--input", file.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("imported 2 validators, 2 blocks, 1 attestations");
    try (SlashingProtection store = SlashingProtectionStores.open(null, target, PruningPolicy.OFF)) {
      assertThat(store.genesisValidatorsRoot()).contains(GVR);
      assertThat(store.checkAndRecordBlock(A, 10, Bytes32.ZERO, GVR).accepted()).isFalse();
      assertThat(store.checkAndRecordBlock(B, 20, Bytes32.ZERO, GVR).accepted()).isFalse();
    }
  }

  @Test
  void exportsChosenKeysIntoADirectoryUnderTheConventionalName() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("out"));
    String bHexWithout0x = B.toHexString().substring(2);
    assertThat(vigil("protection", "export", "--data-dir", source.toString(), "--output", dir.toString(),
        "--pubkey", bHexWithout0x)).as(err.toString()).isZero();
    JsonNode data = MAPPER.readTree(dir.resolve(ProtectionCommand.EXPORT_FILE_NAME).toFile()).get("data");
    assertThat(data).hasSize(1);
    assertThat(data.get(0).get("pubkey").asText()).isEqualTo(B.toHexString());
  }

  @Test
  @SuppressWarnings("try") // the lock is held by being open
  void refusesADataDirHeldByARunningSigner() throws Exception {
    Path file = temp.resolve("history.json");
    try (DataDirLock signer = DataDirLock.acquire(source)) {
      assertThat(vigil("protection", "export", "--data-dir", source.toString(), "--output", file.toString()))
          .isEqualTo(1);
      assertThat(vigil("protection", "import", "--data-dir", source.toString(), "--input", file.toString()))
          .isEqualTo(1);
    }
    assertThat(err.toString()).contains("data dir " + source + " is in use by another Vigil process");
    assertThat(file).doesNotExist();
  }

  @Test
  void largeImportPrintsProgressLines() throws Exception {
    StringBuilder attestations = new StringBuilder();
    for (int i = 0; i < 90_000; i++) {
      attestations.append(i == 0 ? "" : ",").append("{\"source_epoch\":\"").append(i)
          .append("\",\"target_epoch\":\"").append(i + 1).append("\",\"signing_root\":\"")
          .append(Bytes32.ZERO).append("\"}");
    }
    Path file = temp.resolve("large.json");
    Files.writeString(file, "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
        + GVR + "\"},\"data\":[{\"pubkey\":\"" + A + "\",\"signed_blocks\":[],\"signed_attestations\":["
        + attestations + "]}]}");
    assertThat(Files.size(file)).isGreaterThan(8L << 20);
    assertThat(vigil("protection", "import", "--data-dir", temp.resolve("large").toString(), "--input", file.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("read 1 of 11 MiB", "read 11 of 11 MiB",
        "imported 1 validators, 0 blocks, 90000 attestations");
  }

  @Test
  void prunesOldHistory() throws Exception {
    try (SlashingProtection store = SlashingProtectionStores.open(null, source, PruningPolicy.OFF)) {
      store.checkAndRecordBlock(A, 100, Bytes32.ZERO, GVR);
    }
    assertThat(vigil("protection", "prune", "--data-dir", source.toString(), "--slots-to-keep", "50"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("pruned 1 blocks and 0 attestations");
    try (SlashingProtection store = SlashingProtectionStores.open(null, source, PruningPolicy.OFF)) {
      // Slot 10 was pruned; the watermark it left refuses it with any root.
      assertThat(store.checkAndRecordBlock(A, 10, Bytes32.ZERO, GVR).accepted()).isFalse();
      assertThat(store.checkAndRecordBlock(A, 101, Bytes32.ZERO, GVR).accepted()).isTrue();
    }
  }

  @Test
  void malformedFileIsRefusedWithTheFieldAndImportsNothing() throws Exception {
    Path file = temp.resolve("bad.json");
    Files.writeString(file, "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
        + GVR + "\"},\"data\":[{\"pubkey\":\"" + A + "\",\"signed_blocks\":[{\"slot\":\"30\"}],"
        + "\"signed_attestations\":[{\"source_epoch\":\"1\"}]}]}");
    assertThat(vigil("protection", "import", "--data-dir", source.toString(), "--input", file.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("data[0].signed_attestations[0].target_epoch: missing");
    try (SlashingProtection store = SlashingProtectionStores.open(null, source, PruningPolicy.OFF)) {
      assertThat(store.checkAndRecordBlock(A, 30, Bytes32.ZERO, GVR).accepted()).isTrue();
    }
  }
}
