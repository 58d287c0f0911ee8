package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SEV-SNP verification. The vectors hold no real SNP report, so these tests make their own ARK → ASK
 * → VCEK chain (P-384) and sign reports with it; the real pinned ARKs are checked separately.
 */
class SnpVerifierTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {1, 2, 3};
  private static final byte[] MEASUREMENT = Hex.decode("0x" + "5e".repeat(48));
  private static TestCertificates.SnpChain chain;
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  @BeforeAll
  static void makeChain() {
    chain = TestCertificates.SnpChain.create();
  }

  /** A version 3 report with these fields, signed by {@code vcek} over bytes 0x000–0x29F. */
  static byte[] report(byte[] reportData, long policy, PrivateKey vcek) throws Exception {
    return report(reportData, policy, vcek, GENOA_TCB);
  }

  /** reported_tcb as Genoa lays it out: boot loader, TEE in bytes 0 and 1, SNP and microcode in 6 and 7. */
  private static final long GENOA_TCB = TestCertificates.BOOT_LOADER_SPL | (long) TestCertificates.TEE_SPL << 8
      | (long) TestCertificates.SNP_SPL << 48 | (long) TestCertificates.MICROCODE_SPL << 56;

  static byte[] report(byte[] reportData, long policy, PrivateKey vcek, long reportedTcb) throws Exception {
    byte[] report = new byte[SnpReport.SIZE];
    ByteBuffer buffer = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(0, 3).putLong(8, policy).putInt(0x34, SnpReport.ECDSA_P384_SHA384).putLong(0x180, reportedTcb);
    System.arraycopy(TestCertificates.CHIP_ID, 0, report, 0x1A0, 64);
    System.arraycopy(reportData, 0, report, 0x50, 64);
    System.arraycopy(MEASUREMENT, 0, report, 0x90, 48);
    return resign(report, vcek);
  }

  private Evidence evidence(byte[] report) throws CertificateEncodingException {
    return new Evidence(EvidenceType.SEV_SNP, ReportData.forKey(KEY, NONCE), Optional.of(report),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of(chain.vcek().getEncoded(), chain.ask().getEncoded()));
  }

  private VerificationPolicy testRoot() {
    return VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withAmdArk(chain.ark()));
  }

  @Test
  void reportSignedByTheVcekVerifiesAgainstTheGivenArk() throws Exception {
    Evidence evidence = evidence(report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate()));

    Verdict verdict = verifier.verify(evidence, testRoot().withExpectedMeasurement(MEASUREMENT).withPubkey(KEY));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("vcek_chain").orElseThrow().reason()).contains("TEST root given with --amd-ark");
    assertThat(verdict.check("report_signature").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("vcek_tcb").orElseThrow().reason()).contains("this chip", "snp=8");
    assertThat(verdict.claims()).containsEntry("measurement", Hex.encodeBare(MEASUREMENT));
  }

  @Test
  void testChainDoesNotVerifyAgainstThePinnedArks() throws Exception {
    Evidence evidence = evidence(report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate()));

    Verdict verdict = verifier.verify(evidence, VerificationPolicy.strict());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vcek_chain");
  }

  @Test
  void flippedBitInTheReportFailsTheSignature() throws Exception {
    byte[] report = report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate());
    report[0x95] ^= 0x01; // measurement

    Verdict verdict = verifier.verify(evidence(report), testRoot());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("report_signature");
  }

  @Test
  void reportSignedByAnotherKeyFails() throws Exception {
    byte[] report = report(ReportData.forKey(KEY, NONCE), 0x30000, TestCertificates.p384().getPrivate());

    assertThat(verifier.verify(evidence(report), testRoot()).failures()).extracting(Check::name).containsExactly("report_signature");
  }

  @Test
  void vcekMustBeForTheReportedTcbAndChip() throws Exception {
    long olderSnpFirmware = GENOA_TCB - (1L << 48);
    Evidence evidence = evidence(report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate(), olderSnpFirmware));

    Verdict verdict = verifier.verify(evidence, testRoot());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vcek_tcb");
    assertThat(verdict.check("vcek_tcb").orElseThrow().reason()).contains("snp SPL 8", "has 7");
  }

  @Test
  void vcekForAnotherChipFails() throws Exception {
    byte[] report = report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate());
    report[0x1A0] = 0x22;
    // Re-sign so that only the chip differs.
    byte[] resigned = resign(report, chain.vcekKey().getPrivate());

    Verdict verdict = verifier.verify(evidence(resigned), testRoot());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vcek_tcb");
    assertThat(verdict.check("vcek_tcb").orElseThrow().reason()).contains("not this report's chip");
  }

  static byte[] resign(byte[] report, PrivateKey vcek) throws Exception {
    Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
    signer.initSign(vcek);
    signer.update(report, 0, SnpReport.SIGNED_SIZE);
    byte[] rs = signer.sign();
    for (int i = 0; i < 48; i++) {
      report[SnpReport.SIGNED_SIZE + i] = rs[47 - i];
      report[SnpReport.SIGNED_SIZE + 72 + i] = rs[95 - i];
    }
    return report;
  }

  @Test
  void turinLayoutPutsTheSplsInTheFirstBytes() {
    assertThat(VcekExtensions.tcbVersion(0x7300000004030201L, true))
        .containsEntry("fmc", 1).containsEntry("boot_loader", 2).containsEntry("tee", 3).containsEntry("snp", 4)
        .containsEntry("microcode", 0x73);
  }

  @Test
  void debugPolicyIsRefusedWithoutAllowDebug() throws Exception {
    Evidence evidence = evidence(report(ReportData.forKey(KEY, NONCE), 0x30000 | (1L << 19), chain.vcekKey().getPrivate()));

    assertThat(verifier.verify(evidence, testRoot()).failures()).extracting(Check::name).containsExactly("debug");
    assertThat(verifier.verify(evidence, testRoot().withAllowDebug(true)).ok()).isTrue();
  }

  @Test
  void wrongMeasurementAndForeignReportDataFail() throws Exception {
    Evidence evidence = evidence(report(new byte[64], 0x30000, chain.vcekKey().getPrivate()));

    Verdict verdict = verifier.verify(evidence, testRoot().withExpectedMeasurement(new byte[48]));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("measurement", "report_data");
  }

  @Test
  void rawReportTakesItsChainFromExtraCertificates() throws Exception {
    byte[] report = report(ReportData.forKey(KEY, NONCE), 0x30000, chain.vcekKey().getPrivate());
    List<X509Certificate> certificates = List.of(chain.ask(), chain.vcek());

    Verdict without = verifier.verify(report, testRoot());
    Verdict with = verifier.verify(report, testRoot().withExtraCertificates(certificates).withPubkey(KEY).withNonce(ReportData.nonce(NONCE)));

    assertThat(without.check("vcek_chain").orElseThrow().reason()).contains("--cert-chain");
    assertThat(with.type()).isEqualTo("sev-snp");
    assertThat(with.failures()).isEmpty();
  }

  @Test
  void pinnedArksAreAmdsSelfSignedRoots() {
    List<X509Certificate> arks = TrustAnchors.pinned().amdArks();

    assertThat(arks).extracting(Certificates::describe).containsExactly("'ARK-Milan'", "'ARK-Genoa'", "'ARK-Turin'");
    assertThat(arks).allSatisfy(ark -> assertThat(Certificates.selfSigned(ark)).isTrue());
  }

  /** A real Milan VCEK from AMD KDS writes its hwID as raw bytes (the report is the one inside a recorded Azure HCL report). */
  @Test
  void realKdsVcekIsForTheRealReportsChip() {
    byte[] report = HclReport.parse(TrusteeVectors.file("az-snp-vtpm/hcl-report.bin")).hardwareReport();
    VerificationPolicy policy = VerificationPolicy.strict().withNow(java.time.Instant.parse("2025-06-01T00:00:00Z"))
        .withExtraCertificates(TrusteeVectors.certificates("az-snp-vtpm/vcek.pem"));

    Verdict verdict = verifier.verify(report, policy);

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("vcek_tcb").orElseThrow().reason()).contains("this chip");
    assertThat(verdict.claims()).containsEntry("signing_key", "VCEK").containsEntry("chip", "Milan");
  }
}
