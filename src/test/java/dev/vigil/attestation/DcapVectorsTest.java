package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every genuine quote in the vectors verifies to the pinned Intel root; parsed fields match QUOTES_PARSED.json. */
class DcapVectorsTest {
  private static final List<String> HARDWARE_CHECKS =
      List.of("format", "pck_chain", "qe_report_signature", "attestation_key_binding", "quote_signature");
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  static Stream<String> productionQuotes() {
    return QuoteVectors.REAL.stream().filter(name -> !name.equals(QuoteVectors.DEBUG_SGX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("productionQuotes")
  void genuineQuoteVerifiesAgainstPinnedIntelRoot(String name) {
    Verdict verdict = verifier.verify(QuoteVectors.quote(name), VerificationPolicy.strict());

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.ok()).isTrue();
    for (String check : HARDWARE_CHECKS) {
      assertThat(verdict.check(check).orElseThrow().status()).as(check).isEqualTo(Check.Status.PASS);
    }
    assertThat(verdict.check("pck_chain").orElseThrow().reason()).contains("pinned Intel SGX Root CA");
    assertThat(verdict.check("tcb_status").orElseThrow().status()).isEqualTo(Check.Status.UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("dev.vigil.attestation.QuoteVectors#REAL")
  void parsedFieldsMatchQuotesParsedJson(String name) throws IOException {
    JsonNode expected =
        new ObjectMapper().readTree(Vectors.path("sgx-tdx-quotes/QUOTES_PARSED.json").toFile()).get(name);
    DcapQuote quote = DcapQuote.parse(QuoteVectors.quote(name));

    assertThat(quote.version()).isEqualTo(expected.get("version").asInt());
    assertThat(quote.qeSvn()).isEqualTo(expected.get("qe_svn").asInt());
    assertThat(quote.pceSvn()).isEqualTo(expected.get("pce_svn").asInt());
    assertThat(quote.trailingBytes()).isEqualTo(expected.get("trailing_bytes_after_sigdata").asInt());
    assertThat(quote.certificationDataType()).isEqualTo(expected.get("cert_data_type").asInt());
    assertThat(Hex.encodeBare(quote.qeReport().mrEnclave())).isEqualTo(expected.get("qe_report_mrenclave").asText());
    assertThat(Hex.encodeBare(quote.qeReport().mrSigner())).isEqualTo(expected.get("qe_report_mrsigner").asText());
    JsonNode report = expected.get("report");
    assertThat(Hex.encodeBare(quote.reportData())).isEqualTo(report.get("report_data").asText());
    if (quote.sgxBody().isPresent()) {
      SgxReportBody body = quote.sgxBody().get();
      assertThat(Hex.encodeBare(body.mrEnclave())).isEqualTo(report.get("mrenclave").asText());
      assertThat(Hex.encodeBare(body.mrSigner())).isEqualTo(report.get("mrsigner").asText());
      assertThat(Hex.encodeBare(body.attributes())).isEqualTo(report.get("attributes").asText());
      assertThat(Hex.encodeBare(body.cpuSvn())).isEqualTo(report.get("cpusvn").asText());
    } else {
      TdxReportBody body = quote.tdxBody().orElseThrow();
      assertThat(Hex.encodeBare(body.mrTd())).isEqualTo(report.get("mrtd").asText());
      assertThat(Hex.encodeBare(body.tdAttributes())).isEqualTo(report.get("td_attributes").asText());
      assertThat(Hex.encodeBare(body.teeTcbSvn())).isEqualTo(report.get("tee_tcb_svn").asText());
      for (int i = 0; i < 4; i++) {
        assertThat(Hex.encodeBare(body.rtmrs().get(i))).isEqualTo(report.get("rtmr" + i).asText());
      }
      assertThat(body.mrServiceTd().map(Hex::encodeBare).orElse(null))
          .isEqualTo(report.has("mrservicetd") ? report.get("mrservicetd").asText() : null);
    }
  }

  @Test
  void debugEnclaveIsRefusedWithoutAllowDebug() {
    byte[] quote = QuoteVectors.quote(QuoteVectors.DEBUG_SGX);

    Verdict refused = verifier.verify(quote, VerificationPolicy.strict());
    Verdict allowed = verifier.verify(quote, VerificationPolicy.strict().withAllowDebug(true));

    assertThat(refused.ok()).isFalse();
    assertThat(refused.failures()).extracting(Check::name).containsExactly("debug");
    assertThat(refused.check("debug").orElseThrow().reason()).contains("--allow-debug");
    assertThat(allowed.ok()).isTrue();
    assertThat(allowed.check("debug").orElseThrow().reason()).contains("DEBUG");
  }

  @Test
  void debugTdIsRefusedWithoutAllowDebug() {
    byte[] quote = QuoteVectors.quote("Phala-Network-dcap-qvl/sample/tdx_quote");
    // TD_ATTRIBUTES.DEBUG; the quote signature then fails too, as it should for any edit.
    quote[48 + 120] |= 0x01;

    Verdict verdict = verifier.verify(quote, VerificationPolicy.strict());

    assertThat(verdict.check("debug").orElseThrow().status()).isEqualTo(Check.Status.FAIL);
    assertThat(verifier.verify(quote, VerificationPolicy.strict().withAllowDebug(true)).check("debug").orElseThrow().status())
        .isEqualTo(Check.Status.PASS);
  }

  static Stream<String> syntheticSamples() {
    return Stream.of("", "tdx/");
  }

  @ParameterizedTest(name = "intel sample {0}quote.dat")
  @MethodSource("syntheticSamples")
  void syntheticIntelSampleVerifiesOnlyAgainstItsOwnTestRoot(String dir) {
    String base = QuoteVectors.INTEL_SAMPLES.substring(QuoteVectors.DIR.length()) + dir;
    X509Certificate testRoot = TrustAnchors.certificate(QuoteVectors.file(base + "trustedRootCaCert.pem"));
    List<X509Certificate> chain = new ArrayList<>(Certificates.parse(QuoteVectors.file(base + "pckCert.pem")));
    chain.addAll(Certificates.parse(QuoteVectors.file(base + "pckSignChain.pem")));
    // The sample PCK certificate for SGX expired in September 2026.
    VerificationPolicy policy =
        VerificationPolicy.strict().withExtraCertificates(chain).withNow(java.time.Instant.parse("2025-01-01T00:00:00Z"));
    byte[] quote = QuoteVectors.quote(base + "quote.dat");

    Verdict pinned = verifier.verify(quote, policy);
    Verdict ownRoot = verifier.verify(quote, policy.withAnchors(TrustAnchors.pinned().withIntelRoot(testRoot)));

    assertThat(pinned.ok()).isFalse();
    assertThat(pinned.failures()).extracting(Check::name).containsExactly("pck_chain");
    assertThat(ownRoot.failures()).isEmpty();
    assertThat(ownRoot.check("pck_chain").orElseThrow().reason()).contains("TEST root", "not the pinned");
  }

  @Test
  void quoteWithoutPckChainNeedsOneGiven() {
    byte[] quote = QuoteVectors.quote(QuoteVectors.INTEL_SAMPLES.substring(QuoteVectors.DIR.length()) + "quote.dat");

    Verdict verdict = verifier.verify(quote, VerificationPolicy.strict());

    assertThat(verdict.check("pck_chain").orElseThrow().reason()).contains("certification data type 1", "--cert-chain");
  }

  @Test
  void expectedMeasurementsAreCompared() {
    byte[] sgx = QuoteVectors.quote("Phala-Network-dcap-qvl/sample/sgx_quote");
    byte[] mrEnclave = Hex.decode("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
    byte[] mrSigner = Hex.decode("815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
    VerificationPolicy policy = VerificationPolicy.strict();

    assertThat(verifier.verify(sgx, policy.withExpectedMrEnclave(mrEnclave).withExpectedMrSigner(mrSigner)).ok()).isTrue();
    Verdict wrong = verifier.verify(sgx, policy.withExpectedMrEnclave(mrSigner));
    assertThat(wrong.failures()).extracting(Check::name).containsExactly("mrenclave");
    Verdict notApplicable = verifier.verify(sgx, policy.withExpectedMrTd(new byte[48]));
    assertThat(notApplicable.check("mrtd").orElseThrow().reason()).contains("applies only to a TDX quote");

    byte[] tdx = QuoteVectors.quote("Phala-Network-dcap-qvl/sample/tdx_quote");
    byte[] mrTd = DcapQuote.parse(tdx).tdxBody().orElseThrow().mrTd();
    assertThat(verifier.verify(tdx, policy.withExpectedMrTd(mrTd)).ok()).isTrue();
    assertThat(verifier.verify(tdx, policy.withExpectedMrTd(new byte[48])).failures()).extracting(Check::name).containsExactly("mrtd");
  }

  @Test
  void rawQuoteReportDataIsCheckedAgainstNonceAndPubkey() {
    byte[] tdx = QuoteVectors.quote("Phala-Network-dcap-qvl/sample/tdx_quote");
    byte[] reportData = DcapQuote.parse(tdx).reportData();
    dev.vigil.spec.Bytes32 carried = new dev.vigil.spec.Bytes32(java.util.Arrays.copyOfRange(reportData, 32, 64));

    assertThat(verifier.verify(tdx, VerificationPolicy.strict().withNonce(carried)).ok()).isTrue();
    Verdict wrongNonce = verifier.verify(tdx, VerificationPolicy.strict().withNonce(dev.vigil.spec.Bytes32.ZERO));
    assertThat(wrongNonce.failures()).extracting(Check::name).containsExactly("nonce");
    Verdict wrongKey = verifier.verify(tdx, VerificationPolicy.strict().withPubkey(new dev.vigil.spec.BLSPubkey(new byte[48])));
    assertThat(wrongKey.failures()).extracting(Check::name).containsExactly("pubkey");
  }

  @Test
  void genuineQuotePairedWithAnotherKeyFails() {
    dev.vigil.spec.BLSPubkey key = dev.vigil.spec.BLSPubkey.fromHex("0x" + "a1".repeat(48));
    byte[] quote = QuoteVectors.quote("Phala-Network-dcap-qvl/sample/tdx_quote");
    Evidence borrowed = new Evidence(EvidenceType.TDX, ReportData.forKey(key, null), java.util.Optional.of(quote),
        dev.vigil.spec.Bytes32.ZERO, java.util.Optional.of(key), List.of(), List.of());

    Verdict verdict = verifier.verify(borrowed, VerificationPolicy.strict().withPubkey(key));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("report_data");
    assertThat(verdict.check("report_data").orElseThrow().reason()).contains("quote's report data is not");
  }

  @Test
  void garbageIsAFormatFailureNotAnException() {
    Verdict verdict = verifier.verify(new byte[] {3, 0, 2, 0, 0, 0, 0, 0, 1, 2}, VerificationPolicy.strict());

    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.check("format").orElseThrow().reason()).contains("truncated");
  }
}
