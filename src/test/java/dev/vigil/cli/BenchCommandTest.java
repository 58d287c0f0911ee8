package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assertions;
import picocli.CommandLine;

/** {@code vigil bench} end to end at tiny scale: it runs, signs, refuses nothing and prints the contract's JSON. */
class BenchCommandTest {
  private static final List<String> LATENCY_FIELDS = List.of("p50", "p95", "p99", "max");

  @Test
  void benchOnSqlitePrintsTheContractFields() throws Exception {
    JsonNode report = run("bench", "--validators", "4", "--duration", "2", "--warmup", "1", "--raw-seconds", "1", "--json");

    assertSigningReport(report);
    assertThat(report.get("store").asText()).isEqualTo("sqlite");
    assertThat(report.get("warmup_seconds").asDouble()).isGreaterThanOrEqualTo(1);
    assertThat(report.get("jit_quiet_before_measuring").asBoolean()).isFalse();
  }

  @Test
  void warmUpIsSecondsOrAuto() {
    assertThat(BenchCommand.parseWarmUp("auto", true)).isNotNull();
    assertThat(BenchCommand.parseWarmUp("0", false)).isNotNull();
    assertThatThrownBy(() -> BenchCommand.parseWarmUp("-1", true)).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> BenchCommand.parseWarmUp("soon", true)).hasMessageContaining("--warmup");
  }

  @Test
  void benchOnPostgresUsesAFreshSchema() throws Exception {
    String server = postgresServerOrAbort();

    JsonNode report = run("bench", "--validators", "3", "--duration", "2", "--warmup", "1", "--raw-seconds", "1",
        "--store", "postgres", server, "--json");

    assertSigningReport(report);
    assertThat(report.get("store").asText()).isEqualTo("postgres");
  }

  @Test
  void benchPacedAtASpeedUpSignsEveryDutyType() throws Exception {
    JsonNode report = run("bench", "--validators", "40", "--duration", "3", "--warmup", "0", "--raw-seconds", "1",
        "--speed-up", "24", "--json");

    assertSigningReport(report);
    assertThat(report.get("latency_ms").fieldNames()).toIterable().containsExactlyInAnyOrder(
        "ATTESTATION", "AGGREGATION_SLOT", "AGGREGATE_AND_PROOF_V2", "BLOCK_V2", "RANDAO_REVEAL",
        "SYNC_COMMITTEE_MESSAGE", "SYNC_COMMITTEE_SELECTION_PROOF", "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF");
  }

  @Test
  void benchDrivesAnExternalSignerWithTheKeysItHolds(@TempDir Path dataDir) throws Exception {
    SignerFixture.sealTestKeys(dataDir, 3);
    // The replay's mainnet slots lie far ahead of the wall clock; the first request pins mainnet.
    try (SignerFixture signer = SignerFixture.startUnpinned(
        dataDir, "--slashing-protection-max-future-epochs", Long.toString(Long.MAX_VALUE))) {
      JsonNode report = run("bench", "--url", signer.baseUrl(), "--validators", "3", "--duration", "2", "--warmup", "1",
          "--raw-seconds", "1", "--json");

      assertSigningReport(report);
      assertThat(report.get("target").asText()).isEqualTo("external " + signer.baseUrl());
      assertThat(report.get("cpu").has("signer_us_per_signature")).isFalse();
    }
  }

  @Test
  void startupReportsReadyTimeKeysAndMemory() throws Exception {
    JsonNode report = run("bench", "startup", "--validators", "3", "--json");

    assertThat(report.get("ready_seconds").asDouble()).isPositive();
    assertThat(report.get("keys").asInt()).isEqualTo(3);
    assertThat(report.get("rss_mib").asDouble()).isPositive();
    assertThat(report.get("cpu_seconds").asDouble()).isPositive();
  }

  @Test
  void floodMeasuresHonestLatencyInEachPhase() throws Exception {
    JsonNode report = run("bench", "flood", "--validators", "2", "--seconds", "1", "--honest-rate", "20",
        "--flood-connections", "2", "--slow-connections", "4", "--json");

    assertThat(report.get("phases")).extracting(phase -> phase.get("phase").asText()).hasSize(4);
    for (JsonNode phase : report.get("phases")) {
      assertThat(phase.get("honest_errors").asLong()).as(phase.get("phase").asText()).isZero();
      assertThat(phase.get("honest_latency_ms").get("p99").asDouble()).as(phase.get("phase").asText()).isPositive();
    }
    assertThat(report.get("bad_body_p99_delta_ms").isNumber()).isTrue();
  }

  @Test
  void speedUpMustBePositiveOrMax() {
    Assertions.assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseSpeedUp("0"));
    assertThat(BenchCommand.parseSpeedUp("max")).isZero();
    assertThat(BenchCommand.parseSpeedUp("12.5")).isEqualTo(12.5);
  }

  private static void assertSigningReport(JsonNode report) {
    assertThat(report.get("signatures_per_second").asDouble()).isPositive();
    assertThat(report.get("raw_bls_signatures_per_second").asDouble()).isPositive();
    assertThat(report.get("ratio").asDouble()).isPositive();
    assertThat(report.get("refusals").asLong()).isZero();
    assertThat(report.get("errors").asLong()).isZero();
    // The ceiling for the load's own messages, and the figures it is computed from.
    assertThat(report.get("raw_bls_multiply_only_signatures_per_second").asDouble()).isPositive();
    assertThat(report.get("distinct_message_share").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(report.get("raw_bls_signatures_per_second_these_messages").asDouble()).isPositive();
    assertThat(report.get("ratio_these_messages").asDouble()).isPositive();
    JsonNode burst = report.get("attestation_burst");
    assertThat(burst.get("distinct_messages").asLong()).isBetween(1L, burst.get("size").asLong());
    assertThat(burst.get("ideal_drain_these_messages_ms").asDouble()).isPositive();
    JsonNode attestations = report.get("latency_ms").get("ATTESTATION");
    assertThat(attestations).isNotNull();
    for (String field : LATENCY_FIELDS) {
      assertThat(attestations.get(field).isNumber()).as(field).isTrue();
    }
  }

  private static JsonNode run(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    return new ObjectMapper().readTree(out.toString());
  }

  private static String postgresServerOrAbort() {
    String url = System.getenv("VIGIL_TEST_POSTGRES_URL");
    String server = url == null || url.isBlank() ? BenchCommand.DEFAULT_POSTGRES_URL : url;
    try (Connection c = DriverManager.getConnection(server)) {
      return server;
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("PostgreSQL at " + server + " does not answer (CI=true): " + e.getMessage(), e);
      }
      Assumptions.abort("PostgreSQL at " + server + " does not answer: " + e.getMessage());
      throw new IllegalStateException("unreachable");
    }
  }
}
