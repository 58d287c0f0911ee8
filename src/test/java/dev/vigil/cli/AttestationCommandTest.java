package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.attestation.AttestationProviders;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AttestationCommandTest {
  private static final String QUOTES = "sgx-tdx-quotes/";
  private static final String SAMPLES = QUOTES + "intel-SGX-TDX-DCAP-QuoteVerificationLibrary/Src/AttestationApp/sampleData/";
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private static String vector(String relative) {
    return Vectors.path(relative).toString();
  }

  private Path insecureEvidence(String json) throws IOException {
    return Files.writeString(dir.resolve("evidence.json"), json);
  }

  private String oneEvidence() {
    return AttestationProviders.create("none", dir).keyEvidence(KEY, new byte[] {7}).toJson();
  }

  @Test
  void genuineQuoteVerifiesWithExitZero() {
    int code = run("attestation", "verify", "--evidence", vector(QUOTES + "Phala-Network-dcap-qvl/sample/sgx_quote"),
        "--expected-mrenclave", "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString()).startsWith("VERIFIED (sgx-dcap)").contains("pinned Intel SGX Root CA", "MRENCLAVE is as expected");
  }

  @Test
  void hexQuoteFileWithCollateralPrintsJson() throws IOException {
    int code = run("attestation", "verify", "--evidence", vector(QUOTES + "Phala-Network-dcap-qvl/sample/tdx_quote"),
        "--collateral", vector(QUOTES + "Phala-Network-dcap-qvl/sample/tdx_quote_collateral.json"),
        "--at", "2025-07-01T00:00:00Z", "--json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isEqualTo(0);
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("verdicts").get(0).get("claims").get("tcb_status").asText()).isEqualTo("UpToDate");
  }

  @Test
  void wrongMeasurementExitsOne() {
    int code = run("attestation", "verify", "--evidence", vector(QUOTES + "automata-dcap-attestation/rust-crates/samples/quotev4.hex"),
        "--expected-mrtd", "00".repeat(48));

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).startsWith("NOT VERIFIED (tdx)").contains("FAIL    mrtd");
  }

  @Test
  void debugEnclaveNeedsAllowDebug() {
    String quote = vector(QUOTES + "automata-dcap-attestation/solana/automata-dcap-framework/tests/data/quote_sgx.bin");

    assertThat(run("attestation", "verify", "--evidence", quote)).isEqualTo(1);
    assertThat(run("attestation", "verify", "--evidence", quote, "--allow-debug")).isEqualTo(0);
  }

  @Test
  void syntheticIntelSampleVerifiesWithItsTestRootAndChain() {
    int code = run("attestation", "verify", "--evidence", vector(SAMPLES + "quote.dat"),
        "--intel-root-ca", vector(SAMPLES + "trustedRootCaCert.pem"),
        "--cert-chain", vector(SAMPLES + "pckCert.pem"), "--cert-chain", vector(SAMPLES + "pckSignChain.pem"),
        "--at", "2025-01-01T00:00:00Z");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString()).contains("TEST root given with --intel-root-ca");
  }

  @Test
  void insecureEvidenceNeedsAllowInsecureAndChecksPubkeyAndNonce() throws IOException {
    Path file = insecureEvidence(oneEvidence());

    assertThat(run("attestation", "verify", "--evidence", file.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("--allow-insecure");
    assertThat(run("attestation", "verify", "--evidence", file.toString(), "--allow-insecure",
        "--pubkey", KEY.toHexString(), "--nonce", "07")).isEqualTo(0);
    assertThat(run("attestation", "verify", "--evidence", file.toString(), "--allow-insecure", "--nonce", "0x08")).isEqualTo(1);
  }

  @Test
  void arrayOfEvidenceVerifiesEach() throws IOException {
    Path file = insecureEvidence("[" + oneEvidence() + "," + oneEvidence() + "]");

    int code = run("attestation", "verify", "--evidence", file.toString(), "--allow-insecure");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString()).contains("evidence 2 of 2:", "all 2 verified");
  }

  @Test
  void repeatedPubkeyAcceptsKeyEvidenceForAnyOfThem() throws IOException {
    Path file = insecureEvidence(oneEvidence());
    String other = "0x" + "b2".repeat(48);

    assertThat(run("attestation", "verify", "--evidence", file.toString(), "--allow-insecure",
        "--pubkey", other, "--pubkey", KEY.toHexString())).isEqualTo(0);
    assertThat(run("attestation", "verify", "--evidence", file.toString(), "--allow-insecure", "--pubkey", other)).isEqualTo(1);
  }

  @Test
  void badOptionValueIsNamed() {
    int code = run("attestation", "verify", "--evidence", vector(QUOTES + "Phala-Network-dcap-qvl/sample/sgx_quote"),
        "--expected-mrsigner", "0x1234");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--expected-mrsigner: expected 32 bytes");
  }

  @Test
  void missingFileIsNamed() {
    assertThat(run("attestation", "verify", "--evidence", dir.resolve("absent").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--evidence: no such file");
  }

  @Test
  void helpDescribesEveryOption() {
    int code = run("attestation", "verify", "--help");

    assertThat(code).isEqualTo(0);
    assertThat(out.toString()).contains("--evidence", "--expected-mrenclave", "--expected-mrsigner", "--expected-mrtd",
        "--expected-measurement", "--pubkey", "--nonce", "--allow-debug", "--allow-insecure", "--collateral",
        "--intel-root-ca", "--amd-ark", "--cert-chain", "--at", "--json");
  }
}
