package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An SGX quote in format v4 (no real one exists in the vectors), built byte by byte by
 * {@link SyntheticDcap} over a self-made root, as a Gramine enclave would return it for keygen evidence.
 */
class SyntheticSgxV4QuoteTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {4, 2};
  private static final SyntheticDcap DCAP = new SyntheticDcap();
  private static final byte[] QUOTE = DCAP.sgxQuote(ReportData.forKey(KEY, NONCE), 0x05);
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  private Evidence evidence() {
    return new Evidence(EvidenceType.SGX_DCAP, ReportData.forKey(KEY, NONCE), Optional.of(QUOTE),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());
  }

  @Test
  void sgxV4QuoteVerifiesAgainstItsRootAndBindsTheKey() {
    VerificationPolicy policy = VerificationPolicy.strict().withAnchors(DCAP.anchors())
        .withPubkey(KEY).withNonce(ReportData.nonce(NONCE));

    Verdict verdict = verifier.verify(evidence(), policy);

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("format").orElseThrow().reason()).isEqualTo("SGX DCAP quote version 4");
    assertThat(verdict.check("report_data").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("pubkey").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void selfMadeRootIsNotIntels() {
    assertThat(verifier.verify(evidence(), VerificationPolicy.strict()).failures())
        .extracting(Check::name).containsExactly("pck_chain");
  }

  @Test
  void evidenceOfAnotherTypeIsRefused() {
    Evidence mislabelled = new Evidence(EvidenceType.TDX, ReportData.forKey(KEY, NONCE), Optional.of(QUOTE),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());

    Verdict verdict = verifier.verify(mislabelled, VerificationPolicy.strict().withAnchors(DCAP.anchors()));

    assertThat(verdict.check("format").orElseThrow().reason()).contains("evidence type is tdx but the quote is sgx-dcap");
  }
}
