package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collateral directory as {@code collateral fetch} writes it: each quote takes the Intel item for
 * its own TEE, FMSPC and PCK CA; an SEV-SNP report takes its ASK from the AMD chain and is checked
 * against the AMD CRL, each item judged by its own validity and nothing stricter.
 */
class CollateralBundleTest {
  private static final String SAMPLE = "Phala-Network-dcap-qvl/sample/";
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {1, 2, 3};
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static TestCertificates.SnpChain chain;
  @TempDir Path dir;

  @BeforeAll
  static void makeChain() {
    chain = TestCertificates.SnpChain.create();
  }

  private void intel(String sample, String fileName) throws IOException {
    Collateral collateral = Collateral.fromJson(QuoteVectors.file(SAMPLE + sample + "_collateral.json"));
    Files.write(dir.resolve(fileName), collateral.toJson());
  }

  private void amd(X509CRL crl) throws Exception {
    Files.writeString(dir.resolve(CollateralBundle.amdChainFileName("Genoa", "vcek")), pem("CERTIFICATE", chain.ask().getEncoded())
        + pem("CERTIFICATE", chain.ark().getEncoded()));
    Files.writeString(dir.resolve(CollateralBundle.amdCrlFileName("Genoa", "vcek")), pem("X509 CRL", crl.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A report with only its VCEK given: the ASK must come from the bundle. */
  private Verdict verifySnp() throws Exception {
    byte[] report = SnpVerifierTest.report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate());
    VerificationPolicy policy = VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withAmdArk(chain.ark()))
        .withExtraCertificates(List.<X509Certificate>of(chain.vcek())).withCollateral(CollateralBundle.load(dir)).withNow(NOW);
    return new EvidenceVerifier().verify(report, policy);
  }

  @Test
  void eachQuoteTakesTheIntelCollateralForItsPlatform() throws IOException {
    intel("sgx_quote", CollateralBundle.intelFileName("sgx", "00906ED50000", "processor"));
    intel("tdx_quote", CollateralBundle.intelFileName("tdx", "B0C06F000000", "platform"));
    VerificationPolicy policy = VerificationPolicy.strict().withCollateral(CollateralBundle.load(dir)).withNow(Instant.parse("2025-07-01T00:00:00Z"));

    Verdict sgx = new EvidenceVerifier().verify(QuoteVectors.quote(SAMPLE + "sgx_quote"), policy);
    Verdict tdx = new EvidenceVerifier().verify(QuoteVectors.quote(SAMPLE + "tdx_quote"), policy);

    assertThat(sgx.failures()).isEmpty();
    assertThat(sgx.claims()).containsEntry("tcb_status", "ConfigurationAndSWHardeningNeeded");
    assertThat(tdx.failures()).isEmpty();
    assertThat(tdx.claims()).containsEntry("tcb_status", "UpToDate");
  }

  @Test
  void aBundleWithoutThePlatformSaysWhichIsMissing() throws IOException {
    intel("sgx_quote", CollateralBundle.intelFileName("sgx", "00906ED50000", "processor"));
    intel("tdx_quote_outdated", CollateralBundle.intelFileName("tdx", "00806F050000", "platform"));
    VerificationPolicy policy = VerificationPolicy.strict().withCollateral(CollateralBundle.load(dir)).withNow(Instant.parse("2025-07-01T00:00:00Z"));

    Verdict tdx = new EvidenceVerifier().verify(QuoteVectors.quote(SAMPLE + "tdx_quote"), policy);

    assertThat(tdx.failures()).extracting(Check::name).containsExactly("collateral");
    assertThat(tdx.check("collateral").orElseThrow().reason()).contains("holds nothing for this tdx platform", "b0c06f000000");
  }

  @Test
  void snpReportTakesItsAskFromTheBundleAndPassesACurrentCrl() throws Exception {
    amd(TestCrls.crl("ARK-Test", chain.arkKey().getPrivate(), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(6, ChronoUnit.DAYS)));

    Verdict verdict = verifySnp();

    assertThat(verdict.check("vcek_chain").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("amd_crl").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.failures()).isEmpty();
  }

  @Test
  void snpReportWithoutCertificatesTakesItsChipsVcekFromTheBundle() throws Exception {
    amd(TestCrls.crl("ARK-Test", chain.arkKey().getPrivate(), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(6, ChronoUnit.DAYS)));
    byte[] report = SnpVerifierTest.report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate());
    Files.writeString(dir.resolve(AmdCollateral.vcekFileName(SnpReport.parse(report))), pem("CERTIFICATE", chain.vcek().getEncoded()));
    VerificationPolicy policy = VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withAmdArk(chain.ark()))
        .withCollateral(CollateralBundle.load(dir)).withNow(NOW);

    Verdict verdict = new EvidenceVerifier().verify(report, policy);

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("vcek_tcb").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void vcekRouteCarriesTheChipAndTheReportedTcb() throws Exception {
    SnpReport report = SnpReport.parse(SnpVerifierTest.report(new byte[64], 0x30000, chain.vcekKey().getPrivate()));

    assertThat(AmdCollateral.vcekRoute(report, "Genoa"))
        .isEqualTo("/vcek/v1/Genoa/" + "11".repeat(64) + "?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115");
    assertThat(AmdCollateral.vcekRoute(report, "Turin")).startsWith("/vcek/v1/Turin/" + "11".repeat(8) + "?fmcSPL=");
  }

  @Test
  void aCrlIssuedLongAgoCountsWhileItsOwnNextUpdateHasNotPassed() throws Exception {
    // Thirty days old: a fixed seven-day maximum age would refuse it; its own nextUpdate does not.
    amd(TestCrls.crl("ARK-Test", chain.arkKey().getPrivate(), NOW.minus(30, ChronoUnit.DAYS), NOW.plus(1, ChronoUnit.HOURS)));

    assertThat(verifySnp().check("amd_crl").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void aCrlPastItsNextUpdateIsRefused() throws Exception {
    amd(TestCrls.crl("ARK-Test", chain.arkKey().getPrivate(), NOW.minus(30, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.HOURS)));

    Verdict verdict = verifySnp();

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("amd_crl");
    assertThat(verdict.check("amd_crl").orElseThrow().reason()).contains("AMD Genoa VCEK CRL is valid", "not at " + NOW);
  }

  @Test
  void aRevokedAskIsRefused() throws Exception {
    long askSerial = chain.ask().getSerialNumber().longValueExact();
    amd(TestCrls.crl("ARK-Test", chain.arkKey().getPrivate(), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(6, ChronoUnit.DAYS), askSerial));

    Verdict verdict = verifySnp();

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("amd_crl");
    assertThat(verdict.check("amd_crl").orElseThrow().reason()).contains("'SEV-Test' is revoked by the AMD Genoa VCEK CRL");
  }

  @Test
  void aCrlNotSignedByTheArkIsRefused() throws Exception {
    amd(TestCrls.crl("ARK-Test", TestCertificates.p384().getPrivate(), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(6, ChronoUnit.DAYS)));

    assertThat(verifySnp().check("amd_crl").orElseThrow().reason()).contains("not signed by a trusted ARK");
  }

  @Test
  void anEmptyDirectoryIsRefusedWithTheFetchCommand() {
    assertThatThrownBy(() -> CollateralBundle.load(dir)).hasMessageContaining("holds no collateral").hasMessageContaining("collateral fetch");
  }

  @Test
  void aBadFileIsNamed() throws IOException {
    Files.writeString(dir.resolve("intel-sgx-00906ED50000-processor.json"), "{}");

    assertThatThrownBy(() -> CollateralBundle.load(dir)).hasMessageContaining("intel-sgx-00906ED50000-processor.json").hasMessageContaining("tcb_info");
  }
}
