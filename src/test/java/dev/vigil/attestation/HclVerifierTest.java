package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Azure confidential-VM evidence: real HCL reports (SEV-SNP on Milan with its VCEK chain; TDX with the
 * quote the metadata service made), recorded by confidential-containers/trustee, verified against the
 * pinned AMD and Intel roots. Their user data is 64 zero bytes.
 */
class HclVerifierTest {
  static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
  private static final byte[] ZERO_USER_DATA = new byte[64];
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  static byte[] snpHcl() {
    return trimmed(TrusteeVectors.file("az-snp-vtpm/hcl-report.bin"));
  }

  /** The TDX HCL report as the provider hands it out: the report, then the TD quote. */
  static byte[] tdxEvidence() {
    return concat(trimmed(TrusteeVectors.file("az-tdx-vtpm/hcl-report.bin")), TrusteeVectors.file("az-tdx-vtpm/td-quote.bin"));
  }

  private static byte[] trimmed(byte[] nvIndex) {
    return HclReport.parse(nvIndex).bytes();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static VerificationPolicy snpPolicy() {
    return VerificationPolicy.strict().withNow(AT).withExtraCertificates(TrusteeVectors.certificates("az-snp-vtpm/vcek.pem"));
  }

  @Test
  void realSnpHclReportVerifies() {
    Verdict verdict = verifier.verify(snpHcl(), snpPolicy().withExpectedReportData(ZERO_USER_DATA));

    assertThat(verdict.type()).isEqualTo("azure-vtpm");
    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("vcek_chain").orElseThrow().reason()).contains("pinned AMD root 'ARK-Milan'");
    assertThat(verdict.check("runtime_claims").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("attestation_key").orElseThrow().reason()).contains("HCLAkPub");
    assertThat(verdict.check("expected_report_data").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("measured_code").orElseThrow().reason()).contains("Microsoft's paravisor", "not Vigil");
    assertThat(verdict.check("chip").orElseThrow().reason()).contains("Milan");
    assertThat(verdict.claims()).containsEntry("hardware", "sev-snp").containsEntry("signing_key", "VCEK")
        .containsEntry("vm_vmUniqueId", "911B0EF8-9DBA-48B0-B275-4E4DF2D39252").containsKey("ak_pub_sha256");
  }

  @Test
  void realTdxHclReportWithItsQuoteVerifies() {
    Verdict verdict = verifier.verify(tdxEvidence(), VerificationPolicy.strict().withNow(AT).withExpectedReportData(ZERO_USER_DATA));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("pck_chain").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("td_report").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("runtime_claims").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.claims()).containsEntry("hardware", "tdx").containsKey("mrtd");
  }

  @Test
  void nvIndexPaddingBeforeTheQuoteIsSkipped() {
    byte[] padded = concat(TrusteeVectors.file("az-tdx-vtpm/hcl-report.bin"), TrusteeVectors.file("az-tdx-vtpm/td-quote.bin"));

    assertThat(verifier.verify(padded, VerificationPolicy.strict().withNow(AT)).failures()).isEmpty();
  }

  @Test
  void tdxHclReportWithoutItsQuoteFails() {
    byte[] hclOnly = trimmed(TrusteeVectors.file("az-tdx-vtpm/hcl-report.bin"));

    assertThat(verifier.verify(hclOnly, VerificationPolicy.strict().withNow(AT)).failures()).extracting(Check::name).containsExactly("format");
  }

  @Test
  void wrongUserDataAndMeasurementFail() {
    byte[] other = new byte[64];
    other[0] = 1;
    SnpReport report = SnpReport.parse(HclReport.parse(snpHcl()).hardwareReport());
    byte[] measurement = report.measurement().clone();
    measurement[47] ^= 1;

    Verdict verdict = verifier.verify(snpHcl(), snpPolicy().withExpectedReportData(other).withExpectedMeasurement(measurement));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("measurement", "expected_report_data");
  }

  static Stream<Integer> claimsOffsets() {
    return Stream.of(0, 100, 500, 1000, 1109);
  }

  /** Any change to the claims (user data, AK, configuration) breaks the hash the hardware signed. */
  @ParameterizedTest(name = "claims byte {0}")
  @MethodSource("claimsOffsets")
  void flippedBitInTheRuntimeClaimsFails(int offset) {
    byte[] hcl = snpHcl();
    hcl[HclReport.HEADER_SIZE + HclReport.HARDWARE_REPORT_SIZE + 20 + offset] ^= 0x01;

    Verdict verdict = verifier.verify(hcl, snpPolicy());

    assertThat(verdict.failures()).extracting(Check::name).contains("runtime_claims");
  }

  @Test
  void userDataInTheClaimsIsCoveredByTheHash() {
    byte[] hcl = snpHcl();
    String text = new String(hcl, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"user-data\":\"") + "\"user-data\":\"".length();
    hcl[at] = '1';

    Verdict verdict = verifier.verify(hcl, snpPolicy().withExpectedReportData(ZERO_USER_DATA));

    // The changed user data is not the hardware's: it is not even compared with the expectation.
    assertThat(verdict.failures()).extracting(Check::name).containsExactly("runtime_claims");
  }

  @ParameterizedTest(name = "SNP report byte 0x{0}")
  @MethodSource("snpSignedOffsets")
  void flippedBitInTheSnpReportFails(int offset) {
    byte[] hcl = snpHcl();
    hcl[HclReport.HEADER_SIZE + offset] ^= 0x01;

    assertThat(verifier.verify(hcl, snpPolicy()).ok()).isFalse();
  }

  static Stream<Integer> snpSignedOffsets() {
    return SnpVlekTest.signedFieldOffsets();
  }

  /** The TD quote: its body (MRTD, RTMRs, report data) at 48 + n, its signature after. */
  @ParameterizedTest(name = "TD quote byte {0}")
  @MethodSource("tdQuoteOffsets")
  void flippedBitInTheTdQuoteFails(int offset) {
    byte[] evidence = tdxEvidence();
    int quoteStart = evidence.length - TrusteeVectors.file("az-tdx-vtpm/td-quote.bin").length;
    evidence[quoteStart + offset] ^= 0x01;

    assertThat(verifier.verify(evidence, VerificationPolicy.strict().withNow(AT)).ok()).isFalse();
  }

  static Stream<Integer> tdQuoteOffsets() {
    // header, TEE_TCB_SVN, MRSEAM, TD_ATTRIBUTES, MRTD, RTMR0..3, REPORTDATA, signature
    return Stream.of(8, 48, 64, 48 + 120, 48 + 136, 48 + 328, 48 + 376, 48 + 424, 48 + 472, 48 + 520, 48 + 583, 48 + 584 + 4 + 10);
  }

  @Test
  void tdReportDifferentFromTheQuoteFails() {
    byte[] evidence = tdxEvidence();
    evidence[HclReport.HEADER_SIZE + 528] ^= 0x01; // TDREPORT's MRTD: not signed by the quote, compared with it

    assertThat(verifier.verify(evidence, VerificationPolicy.strict().withNow(AT)).failures()).extracting(Check::name).containsExactly("td_report");
  }

  @Test
  void malformedClaimsFailByName() {
    String zeros = "00".repeat(64);

    assertThatThrownBy(() -> RuntimeClaims.parse(("{\"keys\":[],\"user-data\":\"" + zeros + "\"}").getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("no HCLAkPub");
    assertThatThrownBy(() -> RuntimeClaims.parse("{\"keys\":[],\"user-data\":\"00\"}".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("user-data");
    assertThatThrownBy(() -> RuntimeClaims.parse(("{\"user-data\":\"" + zeros + "\",\"user-data\":\"" + zeros + "\"}").getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("Duplicate");
  }
}
