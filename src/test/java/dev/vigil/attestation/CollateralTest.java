package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TCB evaluation with dcap-qvl's collateral, "now" pinned inside each collateral window. */
class CollateralTest {
  private static final String SAMPLE = "Phala-Network-dcap-qvl/sample/";
  private static final Instant JULY_2025 = Instant.parse("2025-07-01T00:00:00Z");
  private static final Instant MARCH_2026 = Instant.parse("2026-03-01T00:00:00Z");
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  private static Collateral collateral(String name) {
    return Collateral.fromJson(QuoteVectors.file(SAMPLE + name + "_collateral.json"));
  }

  private Verdict verify(String quote, Collateral collateral, Instant now) {
    return verifier.verify(
        QuoteVectors.quote(SAMPLE + quote), VerificationPolicy.strict().withCollateral(collateral).withNow(now));
  }

  @Test
  void sgxSampleNeedsConfigurationAndSoftwareHardeningAsDcapQvlSays() {
    Verdict verdict = verify("sgx_quote", collateral("sgx_quote"), JULY_2025);

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("collateral").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.claims()).containsEntry("tcb_status", "ConfigurationAndSWHardeningNeeded")
        .containsEntry("advisories", "INTEL-SA-00289,INTEL-SA-00615")
        .containsEntry("qe_tcb_status", "UpToDate");
  }

  @Test
  void tdxSampleIsUpToDateAsDcapQvlSays() {
    Verdict verdict = verify("tdx_quote", collateral("tdx_quote"), JULY_2025);

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.claims()).containsEntry("tcb_status", "UpToDate").containsEntry("advisories", "");
  }

  @Test
  void outdatedTdxSampleIsBelowEveryTcbLevel() {
    // Its PCK certificate's SGX component 8 is 3 while every level demands 5.
    Verdict verdict = verify("tdx_quote_outdated", collateral("tdx_quote_outdated"), MARCH_2026);

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("tcb_status");
    assertThat(verdict.check("tcb_status").orElseThrow().reason()).contains("below every level");
  }

  @Test
  void collateralOutsideItsWindowIsRefused() {
    Verdict verdict = verify("tdx_quote", collateral("tdx_quote"), Instant.parse("2025-08-01T00:00:00Z"));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("collateral");
    assertThat(verdict.check("collateral").orElseThrow().reason()).contains("is valid", "not at");
  }

  @Test
  void collateralForAnotherPlatformIsRefused() {
    Verdict verdict = verify("tdx_quote", collateral("sgx_quote"), JULY_2025);

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("collateral");
  }

  @Test
  void editedTcbInfoFailsItsSignature() {
    Collateral genuine = collateral("tdx_quote");
    Collateral edited = new Collateral(
        genuine.tcbInfo().replaceFirst("UpToDate", "OutOfDate"), genuine.tcbInfoSignature(),
        genuine.tcbInfoIssuerChain(), genuine.qeIdentity(), genuine.qeIdentitySignature(),
        genuine.qeIdentityIssuerChain(), genuine.rootCaCrl(), genuine.pckCrl(), genuine.pckCrlIssuerChain());

    Verdict verdict = verify("tdx_quote", edited, JULY_2025);

    assertThat(verdict.check("collateral").orElseThrow().reason()).isEqualTo("TCB info signature does not verify");
  }

  @Test
  void malformedCollateralNamesTheField() {
    assertThatThrownBy(() -> Collateral.fromJson("{\"tcb_info\": 1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("tcb_info");
  }
}
