package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protection.Decision;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `vigil protection repair` undoes far-future records that refuse every honest message, on both
 * stores: a dry run changes nothing, --confirm removes them for the named keys only.
 */
class ProtectionRepairTest {
  private static final Bytes32 GVR = Bytes32.fromHex("0x" + "11".repeat(32));
  private static final BLSPubkey A = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final BLSPubkey B = BLSPubkey.fromHex("0x" + "b2".repeat(48));
  private static final Bytes32 ROOT = Bytes32.fromHex("0x" + "01".repeat(32));
  private static final Bytes32 OTHER_ROOT = Bytes32.fromHex("0x" + "02".repeat(32));
  private static final long MAX = -1L;

  @TempDir Path dataDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void sqlite() {
    repairs(List.of());
  }

  @Test
  void postgresql() throws Exception {
    String server = System.getenv().getOrDefault("VIGIL_TEST_POSTGRES_URL", "");
    server = server.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : server;
    String schema = "vigil_repair_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server); Statement statement = c.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw e;
      }
      Assumptions.abort("PostgreSQL at " + server + " does not answer: " + e.getMessage());
    }
    try {
      repairs(List.of("--slashing-protection-db-url", server + "&currentSchema=" + schema));
    } finally {
      try (Connection c = DriverManager.getConnection(server); Statement statement = c.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void repairs(List<String> storeArgs) {
    String url = storeArgs.isEmpty() ? null : storeArgs.get(1);
    try (SlashingProtection store = open(url)) {
      // What an unbounded signer accepted: a far-future vote and block for A and B, and an imported
      // far-future block floor for A.
      for (BLSPubkey key : List.of(A, B)) {
        assertThat(store.checkAndRecordAttestation(key, 100, MAX, ROOT, GVR).accepted()).isTrue();
        assertThat(store.checkAndRecordBlock(key, MAX, ROOT, GVR).accepted()).isTrue();
      }
      store.importInterchange(new ByteArrayInputStream(("""
          {"metadata":{"interchange_format_version":"5","genesis_validators_root":"%s"},
           "data":[{"pubkey":"%s","signed_blocks":[{"slot":"18446744073709551000"}],"signed_attestations":[]}]}"""
          .formatted(GVR, A)).getBytes(StandardCharsets.UTF_8)));
      assertHonestRefused(store, A);
    }

    assertThat(vigil(storeArgs, "--pubkey", A.toHexString(), "--above-slot", "1000", "--above-epoch", "1000"))
        .as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("RISK: ").contains("SLASHED")
        .contains("would remove 2 blocks and 1 attestations, and would lower 1 watermarks, of 1 validator(s)")
        .contains("nothing changed: run again with --confirm");
    try (SlashingProtection store = open(url)) {
      assertHonestRefused(store, A);
    }

    assertThat(vigil(storeArgs, "--pubkey", A.toHexString(), "--above-slot", "1000", "--above-epoch", "1000", "--confirm"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("removed 2 blocks and 1 attestations, and lowered 1 watermarks, of 1 validator(s)");
    try (SlashingProtection store = open(url)) {
      assertThat(store.checkAndRecordAttestation(A, 200, 201, ROOT, GVR).accepted()).isTrue();
      assertThat(store.checkAndRecordBlock(A, 2000, ROOT, GVR).accepted()).isTrue();
      // Records at or below the given slot and epoch keep protecting.
      assertThat(store.checkAndRecordBlock(A, 1000, ROOT, GVR).accepted()).isFalse();
      // B was not named: still held by its far-future vote.
      assertHonestRefused(store, B);
    }

    assertThat(vigil(storeArgs, "--pubkey", "0x" + "c3".repeat(48), "--above-slot", "1", "--confirm")).isNotZero();
    assertThat(err.toString()).contains("--pubkey").contains("no record of this key");
    assertThat(vigil(storeArgs)).isNotZero();
    assertThat(err.toString()).contains("--above-slot, --above-epoch or --genesis-validators-root");

    // A root pinned by mistake (the first request's, before the pinning policy) is replaced; the records stay.
    String right = "0x" + "22".repeat(32);
    assertThat(vigil(storeArgs, "--genesis-validators-root", right, "--confirm")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("replaced the pinned genesis validators root " + GVR + " by " + right);
    try (SlashingProtection store = open(url)) {
      assertThat(store.genesisValidatorsRoot()).contains(Bytes32.fromHex(right));
      assertThat(store.checkAndRecordBlock(A, 2000, OTHER_ROOT, Bytes32.fromHex(right)).accepted()).isFalse();
      assertThat(store.checkAndRecordBlock(A, 2001, ROOT, Bytes32.fromHex(right)).accepted()).isTrue();
    }
  }

  private SlashingProtection open(String url) {
    return SlashingProtectionStores.open(url, dataDir, PruningPolicy.OFF);
  }

  private static void assertHonestRefused(SlashingProtection store, BLSPubkey key) {
    Decision vote = store.checkAndRecordAttestation(key, 200, 201, OTHER_ROOT, GVR);
    assertThat(vote.accepted()).as("honest vote of %s", key).isFalse();
    if (key.equals(A)) {
      assertThat(store.checkAndRecordBlock(key, 1000, ROOT, GVR).accepted()).as("honest block").isFalse();
    }
  }

  private int vigil(List<String> storeArgs, String... args) {
    List<String> all = new ArrayList<>(List.of("protection", "repair", "--data-dir", dataDir.toString()));
    all.addAll(storeArgs);
    all.addAll(List.of(args));
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(all.toArray(String[]::new));
  }
}
