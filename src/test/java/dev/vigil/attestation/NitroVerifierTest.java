package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Nitro verifier on real recorded documents (verified at their own timestamps) and on documents
 * built over a test chain; single flipped bits in every signed field and a wrong value for every PCR.
 */
class NitroVerifierTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {7, 7, 7};
  private static final NitroDocuments.Chain CHAIN = NitroDocuments.Chain.create();
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  private static VerificationPolicy atRealTime() {
    return VerificationPolicy.strict().withNow(NitroDocuments.REAL_TIME);
  }

  private static VerificationPolicy constructed() {
    return VerificationPolicy.strict().withAnchors(CHAIN.anchors()).withNow(NitroDocuments.TIME);
  }

  /** A document as Vigil's provider asks for it: user_data = the keygen binding, nonce = its nonce. */
  private static NitroDocuments.Builder vigilDocument() {
    NitroDocuments.Builder builder = new NitroDocuments.Builder(CHAIN);
    byte[] reportData = ReportData.forKey(KEY, NONCE);
    builder.userData = Optional.of(reportData);
    builder.nonce = Optional.of(Arrays.copyOfRange(reportData, 32, 64));
    builder.publicKey = Optional.of(TestCertificates.filled(97, 0x5a));
    return builder;
  }

  private static Evidence evidence(byte[] document) {
    return new Evidence(EvidenceType.NITRO, ReportData.forKey(KEY, NONCE), Optional.of(document),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());
  }

  @Test
  void pinnedNitroRootHasAwsFingerprint() throws Exception {
    byte[] der = TrustAnchors.pinned().nitroRoot().getEncoded();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)))
        .isEqualTo("641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b");
  }

  @Test
  void realDocumentVerifiesAtItsOwnTimestampToThePinnedRoot() {
    Verdict verdict = verifier.verify(NitroDocuments.real("nitro_attestation"), atRealTime());

    assertThat(verdict.type()).isEqualTo("nitro");
    assertThat(verdict.check("cert_chain").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("cert_chain").orElseThrow().reason()).contains("pinned AWS Nitro Enclaves root");
    assertThat(verdict.check("signature").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("debug").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    // Not Vigil's evidence: its user_data is not Vigil's 64-byte report data, which is the one failure.
    assertThat(verdict.failures()).extracting(Check::name).containsExactly("report_data");
    assertThat(verdict.claims()).containsEntry("timestamp", "2024-09-07T14:37:39.545Z").containsKeys("pcr0", "pcr1", "pcr2", "pcr8");
  }

  @Test
  void realDocumentStillVerifiesLaterBecauseCertificatesAreJudgedAtItsTimestamp() {
    Verdict verdict = verifier.verify(NitroDocuments.real("nitro_attestation"), VerificationPolicy.strict());

    assertThat(verdict.check("cert_chain").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void documentDatedAfterNowIsRefused() {
    Verdict verdict = verifier.verify(NitroDocuments.real("nitro_attestation"),
        VerificationPolicy.strict().withNow(NitroDocuments.REAL_TIME.minusSeconds(60)));

    assertThat(verdict.failures()).extracting(Check::name).contains("timestamp");
  }

  @Test
  void realDebugDocumentIsRefusedUnlessAllowed() {
    byte[] debug = NitroDocuments.real("nitro_attestation_debug");
    VerificationPolicy policy = VerificationPolicy.strict().withNow(NitroDocuments.REAL_DEBUG_TIME);

    Verdict refused = verifier.verify(debug, policy);
    Verdict allowed = verifier.verify(debug, policy.withAllowDebug(true));

    assertThat(refused.failures()).extracting(Check::name).contains("debug").doesNotContain("signature", "cert_chain");
    assertThat(allowed.failures()).extracting(Check::name).doesNotContain("debug");
  }

  @Test
  void realDocumentAgainstAnotherRootIsRefused() {
    Verdict verdict = verifier.verify(NitroDocuments.real("nitro_attestation"), atRealTime().withAnchors(CHAIN.anchors()));

    assertThat(verdict.check("cert_chain").orElseThrow().status()).isEqualTo(Check.Status.FAIL);
    assertThat(verdict.check("cert_chain").orElseThrow().reason()).contains("TEST root");
  }

  static Stream<Arguments> realPcrs() {
    return Stream.of(0, 1, 2, 8).map(Arguments::of);
  }

  @ParameterizedTest(name = "real document, PCR{0}")
  @MethodSource("realPcrs")
  void realDocumentPcrExpectationPassesWithItsValueAndFailsWithAnother(int index) {
    byte[] document = NitroDocuments.real("nitro_attestation");
    byte[] actual = Hex.decode(verifier.verify(document, atRealTime()).claims().get("pcr" + index));
    byte[] wrong = actual.clone();
    wrong[wrong.length - 1] ^= 0x01;

    Verdict right = verifier.verify(document, atRealTime().withExpectedPcr(index, actual));
    Verdict wrongVerdict = verifier.verify(document, atRealTime().withExpectedPcr(index, wrong));

    assertThat(right.check("pcr" + index).orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(wrongVerdict.failures()).extracting(Check::name).containsExactlyInAnyOrder("pcr" + index, "report_data");
  }

  @Test
  void vigilDocumentBindsTheKeyAndNonce() {
    byte[] document = vigilDocument().build();

    Verdict verdict = verifier.verify(evidence(document), constructed().withPubkey(KEY).withNonce(ReportData.nonce(NONCE))
        .withExpectedPcr(0, TestCertificates.filled(48, 0x10)).withExpectedPcr(8, TestCertificates.filled(48, 0x18)));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("report_data").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.check("document_nonce").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    assertThat(verdict.claims()).containsEntry("public_key", "5a".repeat(97));
  }

  @Test
  void documentForAnotherKeyFailsTheReportDataCheck() {
    NitroDocuments.Builder builder = vigilDocument();
    builder.userData = Optional.of(ReportData.forKey(BLSPubkey.fromHex("0x" + "b2".repeat(48)), NONCE));

    Verdict verdict = verifier.verify(evidence(builder.build()), constructed());

    assertThat(verdict.failures()).extracting(Check::name).contains("report_data");
  }

  @Test
  void documentWhoseNonceIsNotTheBoundNonceIsRefused() {
    NitroDocuments.Builder builder = vigilDocument();
    builder.nonce = Optional.of(TestCertificates.filled(32, 0x33));

    Verdict verdict = verifier.verify(evidence(builder.build()), constructed());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("document_nonce");
  }

  @Test
  void anotherAlgorithmInTheProtectedHeaderIsRefused() {
    NitroDocuments.Builder builder = vigilDocument();
    builder.algorithm = -7;

    Verdict verdict = verifier.verify(evidence(builder.build()), constructed());

    assertThat(verdict.check("signature").orElseThrow().reason()).contains("not ES384");
  }

  @Test
  void certificatesAreJudgedAtTheDocumentsTimestamp() {
    NitroDocuments.Builder builder = vigilDocument();
    builder.timestamp = TestCertificates.NOT_AFTER.plusSeconds(3600);

    Verdict verdict = verifier.verify(evidence(builder.build()), constructed().withNow(Instant.parse("2050-01-01T00:00:00Z")));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("cert_chain");
    assertThat(verdict.check("cert_chain").orElseThrow().reason()).contains("is not valid at");
  }

  @ParameterizedTest(name = "PCR{0}")
  @ValueSource(ints = {0, 1, 2, 8})
  void wrongExpectedPcrFailsOnlyThatPcr(int index) {
    byte[] wrong = TestCertificates.filled(48, 0x10 + index);
    wrong[0] ^= 0x01;

    Verdict verdict = verifier.verify(evidence(vigilDocument().build()), constructed().withExpectedPcr(index, wrong));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("pcr" + index);
  }

  @Test
  void pcrExpectationOnOtherEvidenceIsRefused() {
    Evidence none = new Evidence(EvidenceType.INSECURE_NONE, ReportData.forKey(KEY, NONCE), Optional.empty(),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());

    Verdict verdict = verifier.verify(none, VerificationPolicy.strict().withAllowInsecure(true).withExpectedPcr(0, new byte[48]));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("pcr0");
  }

  @Test
  void taggedCoseSign1IsAccepted() {
    byte[] untagged = NitroDocuments.real("nitro_attestation");
    byte[] tagged = new byte[untagged.length + 1];
    tagged[0] = (byte) 0xd2; // CBOR tag 18, COSE_Sign1
    System.arraycopy(untagged, 0, tagged, 1, untagged.length);

    Verdict verdict = verifier.verify(tagged, atRealTime());

    assertThat(verdict.check("signature").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void trailingBytesAndDuplicateFieldsAreRefused() {
    byte[] document = NitroDocuments.real("nitro_attestation");
    byte[] trailing = Arrays.copyOf(document, document.length + 1);
    byte[] duplicate = NitroDocuments.cbor(gen -> {
      gen.writeStartArray(null, 4);
      gen.writeBinary(new byte[] {(byte) 0xa1, 0x01, 0x38, 0x22});
      gen.writeStartObject(0);
      gen.writeEndObject();
      gen.writeBinary(NitroDocuments.cbor(payload -> {
        payload.writeStartObject(2);
        payload.writeFieldName("nonce");
        payload.writeBinary(new byte[] {1});
        payload.writeFieldName("nonce");
        payload.writeBinary(new byte[] {2});
        payload.writeEndObject();
      }));
      gen.writeBinary(new byte[96]);
      gen.writeEndArray();
    });

    assertThat(verifier.verify(trailing, atRealTime()).check("format").orElseThrow().reason()).contains("not valid CBOR");
    assertThat(verifier.verify(duplicate, atRealTime()).check("format").orElseThrow().reason()).contains("Duplicate field 'nonce'");
  }

  @Test
  void evidenceFileAcceptsBase64Documents() {
    byte[] base64 = java.util.Base64.getEncoder().encode(NitroDocuments.real("nitro_attestation"));

    EvidenceFile.Item item = EvidenceFile.parse(base64).get(0);

    assertThat(((EvidenceFile.Raw) item).quote()).isEqualTo(NitroDocuments.real("nitro_attestation"));
  }
}
