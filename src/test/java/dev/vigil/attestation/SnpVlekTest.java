package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SEV-SNP reports signed by a VLEK (AWS). The real report and VLEK are confidential-containers/trustee
 * recordings from an AWS Milan host, verified against the pinned ARK-Milan at a time the VLEK was valid;
 * the constructed chains check what the real one cannot (key confusion, unsigned reports, a
 * disagreeing chip generation).
 */
class SnpVlekTest {
  private static final Instant VLEK_VALID = Instant.parse("2025-06-01T00:00:00Z");
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  private static byte[] realReport() {
    return TrusteeVectors.file("snp/test-vlek-report.bin");
  }

  private static List<X509Certificate> realChain() {
    List<X509Certificate> chain = new ArrayList<>(TrusteeVectors.certificates("snp/milan_ask_ark_asvk.pem"));
    chain.add(Certificates.parseDer(TrusteeVectors.file("snp/test-vlek.der")));
    return chain;
  }

  private static VerificationPolicy pinnedAt(Instant now) {
    return VerificationPolicy.strict().withNow(now).withExtraCertificates(realChain());
  }

  @Test
  void realAwsVlekReportVerifiesAgainstThePinnedMilanArk() {
    Verdict verdict = verifier.verify(realReport(), pinnedAt(VLEK_VALID));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.claims()).containsEntry("signing_key", "VLEK").containsEntry("chip", "Milan");
    assertThat(verdict.check("vlek_chain").orElseThrow().reason()).contains("ASVK 'SEV-VLEK-Milan'", "pinned AMD root 'ARK-Milan'");
    assertThat(verdict.check("report_signature").orElseThrow().reason()).contains("signed by the VLEK");
    assertThat(verdict.check("vlek_tcb").orElseThrow().reason()).contains("cc-us-east-2.amazonaws.com");
    Check chip = verdict.check("chip").orElseThrow();
    assertThat(chip.status()).isEqualTo(Check.Status.UNKNOWN);
    assertThat(chip.reason()).contains("Milan", "VCEK seed", "2026", "CPUID family 0x19 model 0x1");
  }

  @Test
  void realVlekOutsideItsValidityFailsTheChain() {
    Verdict verdict = verifier.verify(realReport(), pinnedAt(Instant.parse("2026-01-01T00:00:00Z")));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vlek_chain");
  }

  /** Every field of the signed part 0x000–0x29F, by offset (ABI table "ATTESTATION_REPORT"). */
  static Stream<Integer> signedFieldOffsets() {
    return Stream.of(0x000, 0x004, 0x008, 0x010, 0x020, 0x030, 0x034, 0x038, 0x040, 0x048, 0x04C, 0x050, 0x090, 0x0C0,
        0x0E0, 0x110, 0x140, 0x160, 0x180, 0x188, 0x18B, 0x1A0, 0x1E0, 0x1E8, 0x1EC, 0x1F0, 0x1F8, 0x200, 0x29F);
  }

  @ParameterizedTest(name = "bit flipped at 0x{0}")
  @MethodSource("signedFieldOffsets")
  void flippedBitInAnySignedFieldOfTheRealReportFails(int offset) {
    byte[] report = realReport();
    report[offset] ^= 0x01;

    Verdict verdict = verifier.verify(report, pinnedAt(VLEK_VALID));

    assertThat(verdict.ok()).as("tampered at 0x%x", offset).isFalse();
    assertThat(verdict.failures()).extracting(Check::name).containsAnyOf("report_signature", "format", "vcek_chain");
  }

  @Test
  void flippedBitInTheSignatureFails() {
    for (int offset : IntStream.of(SnpReport.SIGNED_SIZE, SnpReport.SIGNED_SIZE + 47, SnpReport.SIGNED_SIZE + 72, SnpReport.SIGNED_SIZE + 119).toArray()) {
      byte[] report = realReport();
      report[offset] ^= 0x01;

      assertThat(verifier.verify(report, pinnedAt(VLEK_VALID)).failures()).extracting(Check::name).containsExactly("report_signature");
    }
  }

  @Test
  void wrongExpectedMeasurementAndReportDataFail() {
    SnpReport parsed = SnpReport.parse(realReport());
    byte[] otherMeasurement = parsed.measurement().clone();
    otherMeasurement[0] ^= 0x01;
    byte[] otherReportData = parsed.reportData().clone();
    otherReportData[63] ^= 0x01;

    Verdict wrong = verifier.verify(realReport(), pinnedAt(VLEK_VALID).withExpectedMeasurement(otherMeasurement).withExpectedReportData(otherReportData));
    Verdict right = verifier.verify(realReport(), pinnedAt(VLEK_VALID).withExpectedMeasurement(parsed.measurement()).withExpectedReportData(parsed.reportData()));

    assertThat(wrong.failures()).extracting(Check::name).containsExactly("measurement", "expected_report_data");
    assertThat(right.failures()).isEmpty();
  }

  @Test
  void vlekReportWithOnlyAVcekChainFailsAndNamesWhatWasGiven() {
    List<X509Certificate> vcekOnly = realChain().stream().filter(c -> !Certificates.describe(c).contains("VLEK")).toList();
    vcekOnly = new ArrayList<>(vcekOnly);
    vcekOnly.add(TestCertificates.SnpChain.create().vcek());

    Verdict verdict = verifier.verify(realReport(), VerificationPolicy.strict().withNow(VLEK_VALID).withExtraCertificates(vcekOnly));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vlek_chain");
    assertThat(verdict.check("vlek_chain").orElseThrow().reason()).contains("signed by a VLEK", "hold a VCEK", "/vlek/v1/");
  }

  // Constructed chains: ARK → ASVK → VLEK with AMD's SPL and CSP_ID extensions.

  private record VlekChain(X509Certificate ark, X509Certificate asvk, KeyPair vlekKey, X509Certificate vlek) {
    static VlekChain create(String product) {
      KeyPair ark = TestCertificates.p384();
      KeyPair asvk = TestCertificates.p384();
      KeyPair vlek = TestCertificates.p384();
      return new VlekChain(
          TestCertificates.certificate("ARK-" + product, ark, "ARK-" + product, ark.getPrivate(), true, 1),
          TestCertificates.certificate("SEV-VLEK-" + product, asvk, "ARK-" + product, ark.getPrivate(), true, 2),
          vlek,
          TestCertificates.certificate("SEV-VLEK", vlek, "SEV-VLEK-" + product, asvk.getPrivate(), false, 3,
              amd("3.1", new ASN1Integer(TestCertificates.BOOT_LOADER_SPL)),
              amd("3.3", new ASN1Integer(TestCertificates.SNP_SPL)),
              amd("5", new DERIA5String("cloud.example"))));
    }

    VerificationPolicy policy() {
      return VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withAmdArk(ark)).withExtraCertificates(List.of(asvk, vlek));
    }
  }

  private static Extension amd(String suffix, ASN1Encodable value) {
    try {
      return new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1." + suffix), false, value.toASN1Primitive().getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A version 3 report with FLAGS.SIGNING_KEY = {@code signingKey}, these CPUID bytes, signed by {@code key}. */
  private static byte[] report(int signingKey, int family, int model, PrivateKey key) throws Exception {
    byte[] report = new byte[SnpReport.SIZE];
    ByteBuffer buffer = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
    long tcb = TestCertificates.BOOT_LOADER_SPL | (long) TestCertificates.SNP_SPL << 48;
    buffer.putInt(0, 3).putLong(8, 0x30000).putInt(0x34, SnpReport.ECDSA_P384_SHA384).putInt(0x48, signingKey << 2).putLong(0x180, tcb);
    report[0x188] = (byte) family;
    report[0x189] = (byte) model;
    return SnpVerifierTest.resign(report, key);
  }

  @Test
  void constructedGenoaVlekReportVerifiesAndSaysGenoa() throws Exception {
    VlekChain chain = VlekChain.create("Genoa");

    Verdict verdict = verifier.verify(report(1, 0x19, 0x11, chain.vlekKey().getPrivate()), chain.policy());

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.claims()).containsEntry("signing_key", "VLEK").containsEntry("chip", "Genoa");
    assertThat(verdict.check("chip").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("vlek_tcb").orElseThrow().reason()).contains("cloud.example", "snp=8");
  }

  @Test
  void cpuidThatDisagreesWithTheChainFails() throws Exception {
    VlekChain chain = VlekChain.create("Genoa");

    Verdict verdict = verifier.verify(report(1, 0x19, 0x01, chain.vlekKey().getPrivate()), chain.policy());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("chip");
    assertThat(verdict.check("chip").orElseThrow().reason()).contains("disagree", "Milan", "Genoa");
  }

  @Test
  void reportClaimingVcekWithOnlyAVlekChainFails() throws Exception {
    VlekChain chain = VlekChain.create("Genoa");

    Verdict verdict = verifier.verify(report(0, 0x19, 0x11, chain.vlekKey().getPrivate()), chain.policy());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("vcek_chain");
    assertThat(verdict.check("vcek_chain").orElseThrow().reason()).contains("hold a VLEK");
    assertThat(verdict.claims()).containsEntry("signing_key", "VCEK");
  }

  @Test
  void unsignedReportFails() throws Exception {
    VlekChain chain = VlekChain.create("Genoa");

    Verdict verdict = verifier.verify(report(7, 0x19, 0x11, chain.vlekKey().getPrivate()), chain.policy());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("report_signature");
    assertThat(verdict.check("report_signature").orElseThrow().reason()).contains("unsigned");
  }

  @Test
  void reservedSigningKeyIsAFormatError() throws Exception {
    VlekChain chain = VlekChain.create("Genoa");

    Verdict verdict = verifier.verify(report(3, 0x19, 0x11, chain.vlekKey().getPrivate()), chain.policy());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("format");
    assertThat(verdict.check("format").orElseThrow().reason()).contains("SIGNING_KEY 3");
  }

  @Test
  void versionTwoReportHasNoCpuid() throws Exception {
    byte[] report = report(0, 0x19, 0x11, TestCertificates.p384().getPrivate());
    report[0] = 2;

    SnpReport parsed = SnpReport.parse(report);

    assertThat(parsed.cpuidFamily()).isEqualTo(-1);
    assertThat(SnpProduct.fromCpuid(parsed.cpuidFamily(), parsed.cpuidModel())).isEmpty();
    assertThat(Hex.encodeBare(parsed.chipId())).isEqualTo("00".repeat(64));
  }
}
