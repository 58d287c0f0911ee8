package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evidence JSON contract and the verification of insecure-none evidence. */
class EvidenceTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = Hex.decode("0x0102030405");
  private final AttestationProvider none = AttestationProviders.create("none", java.nio.file.Path.of("/"));
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  @Test
  void insecureNoneEvidenceHasTheContractFieldsAndNoQuote() throws Exception {
    Evidence evidence = none.keyEvidence(KEY, NONCE);

    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(evidence.toJson());
    assertThat(json.get("type").asText()).isEqualTo("insecure-none");
    assertThat(json.get("report_data").asText()).isEqualTo(Hex.encode(ReportData.forKey(KEY, NONCE)));
    assertThat(json.has("quote")).isFalse();
    assertThat(json.get("nonce").asText()).isEqualTo("0x0102030405" + "00".repeat(27));
    assertThat(json.get("pubkey").asText()).isEqualTo(KEY.toHexString());
    assertThat(none.hardwareBacked()).isFalse();
  }

  @Test
  void jsonRoundTripsWithQuoteKeySetAndCertificates() {
    Evidence evidence = new Evidence(
        EvidenceType.TDX, ReportData.forSigner(List.of(KEY), NONCE), Optional.of(new byte[] {1, 2, 3}),
        ReportData.nonce(NONCE), Optional.empty(), List.of(KEY), List.of(new byte[] {0x30, 0}));

    Evidence back = Evidence.fromJson(evidence.toJson());

    assertThat(back.toJson()).isEqualTo(evidence.toJson());
    assertThat(back.pubkeys()).containsExactly(KEY);
    assertThat(back.quote()).hasValueSatisfying(q -> assertThat(q).containsExactly(1, 2, 3));
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> Evidence.fromJson("{\"type\":\"sgx\"}")).hasMessageStartingWith("type:");
    assertThatThrownBy(() -> Evidence.fromJson("{\"type\":\"tdx\",\"report_data\":\"0x00\"}")).hasMessageStartingWith("report_data:");
    String noQuote = "{\"type\":\"tdx\",\"report_data\":\"" + Hex.encode(new byte[64]) + "\"}";
    assertThatThrownBy(() -> Evidence.fromJson(noQuote)).hasMessageStartingWith("quote:");
    String badKey = "{\"type\":\"insecure-none\",\"report_data\":\"" + Hex.encode(new byte[64]) + "\",\"pubkey\":\"0x12\"}";
    assertThatThrownBy(() -> Evidence.fromJson(badKey)).hasMessageStartingWith("pubkey:");
    assertThatThrownBy(() -> Evidence.fromJson("not json")).hasMessageStartingWith("evidence:");
  }

  @Test
  void insecureNoneIsRefusedWithoutAllowInsecure() {
    Evidence evidence = none.keyEvidence(KEY, NONCE);

    Verdict refused = verifier.verify(evidence, VerificationPolicy.strict());
    Verdict allowed = verifier.verify(evidence, VerificationPolicy.strict().withAllowInsecure(true));

    assertThat(refused.failures()).extracting(Check::name).containsExactly("hardware");
    assertThat(refused.check("hardware").orElseThrow().reason()).contains("--allow-insecure");
    assertThat(allowed.ok()).isTrue();
    assertThat(allowed.check("report_data").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void wrongPubkeyOrNonceFails() {
    Evidence evidence = none.keyEvidence(KEY, NONCE);
    VerificationPolicy policy = VerificationPolicy.strict().withAllowInsecure(true);

    assertThat(verifier.verify(evidence, policy.withPubkey(KEY).withNonce(ReportData.nonce(NONCE))).ok()).isTrue();
    Verdict wrongKey = verifier.verify(evidence, policy.withPubkey(BLSPubkey.fromHex("0x" + "b2".repeat(48))));
    assertThat(wrongKey.failures()).extracting(Check::name).containsExactly("pubkey");
    Verdict wrongNonce = verifier.verify(evidence, policy.withNonce(Bytes32.ZERO));
    assertThat(wrongNonce.failures()).extracting(Check::name).containsExactly("nonce");
  }

  @Test
  void reportDataThatDoesNotBindThePubkeyFails() {
    Evidence genuine = none.keyEvidence(KEY, NONCE);
    Evidence swapped = new Evidence(
        genuine.type(), genuine.reportData(), genuine.quote(), genuine.nonce(),
        Optional.of(BLSPubkey.fromHex("0x" + "b2".repeat(48))), List.of(), List.of());

    Verdict verdict = verifier.verify(swapped, VerificationPolicy.strict().withAllowInsecure(true));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("report_data");
  }

  @Test
  void signerEvidenceBindsTheKeySet() {
    BLSPubkey other = BLSPubkey.fromHex("0x" + "b2".repeat(48));
    Evidence evidence = none.signerEvidence(List.of(other, KEY), NONCE);

    Verdict verdict = verifier.verify(evidence, VerificationPolicy.strict().withAllowInsecure(true).withPubkey(KEY));

    assertThat(evidence.pubkeys()).containsExactly(KEY, other);
    assertThat(verdict.ok()).isTrue();
    assertThat(verdict.check("report_data").orElseThrow().reason()).contains("vigil/signer/v1");
    BLSPubkey absent = BLSPubkey.fromHex("0x" + "c3".repeat(48));
    Verdict lacking = verifier.verify(evidence, VerificationPolicy.strict().withAllowInsecure(true).withPubkey(KEY).withPubkey(absent));
    assertThat(lacking.check("pubkey").orElseThrow().reason()).isEqualTo("the signer's key set lacks " + absent);
  }

  @Test
  void evidenceOverOtherReportDataIsCheckedAgainstAnExpectedValue() {
    // As key migration uses it: the report data binds an ephemeral key, not a BLS key.
    byte[] reportData = new byte[64];
    reportData[0] = 42;
    AttestationProvider.RawEvidence raw = none.attest(reportData);
    Evidence evidence = new Evidence(raw.type(), reportData, raw.quote(), Bytes32.ZERO, Optional.empty(), List.of(), List.of());
    VerificationPolicy policy = VerificationPolicy.strict().withAllowInsecure(true);

    assertThat(verifier.verify(evidence, policy).failures()).extracting(Check::name).containsExactly("report_data");
    assertThat(verifier.verify(evidence, policy.withExpectedReportData(reportData)).ok()).isTrue();
    assertThat(verifier.verify(evidence, policy.withExpectedReportData(new byte[64])).failures())
        .extracting(Check::name).containsExactly("expected_report_data");
  }

  @Test
  void evidenceFileHoldsAnObjectAnArrayOrARawQuote() {
    String one = none.keyEvidence(KEY, NONCE).toJson();

    assertThat(EvidenceFile.parse(one.getBytes(StandardCharsets.UTF_8))).hasSize(1).first().isInstanceOf(EvidenceFile.Json.class);
    assertThat(EvidenceFile.parse(("[" + one + "," + one + "]").getBytes(StandardCharsets.UTF_8))).hasSize(2);
    assertThat(EvidenceFile.parse("0x0a0b\n0c".getBytes(StandardCharsets.UTF_8)))
        .singleElement().satisfies(item -> assertThat(((EvidenceFile.Raw) item).quote()).containsExactly(10, 11, 12));
    assertThat(EvidenceFile.parse(new byte[] {3, 0, 2, 0}))
        .singleElement().satisfies(item -> assertThat(((EvidenceFile.Raw) item).quote()).containsExactly(3, 0, 2, 0));
    assertThatThrownBy(() -> EvidenceFile.parse(("[" + one + ",{}]").getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("evidence[1]: type:");
  }
}
