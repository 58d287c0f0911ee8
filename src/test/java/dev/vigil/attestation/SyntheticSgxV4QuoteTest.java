package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SGX quote in format v4 (no real one exists in the vectors), built here byte by byte with a
 * self-made root, PCK CA, PCK key and attestation key, as a Gramine enclave would return it for
 * keygen evidence.
 */
class SyntheticSgxV4QuoteTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {4, 2};
  private static final byte[] QE_AUTH_DATA = "qe auth".getBytes(StandardCharsets.US_ASCII);
  private static X509Certificate root;
  private static byte[] quote;
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  @BeforeAll
  static void build() throws Exception {
    KeyPair rootKey = TestCertificates.p256();
    KeyPair caKey = TestCertificates.p256();
    KeyPair pckKey = TestCertificates.p256();
    KeyPair attestationKey = TestCertificates.p256();
    root = TestCertificates.certificate("Test SGX Root CA", rootKey, "Test SGX Root CA", rootKey.getPrivate(), true, 1);
    X509Certificate ca = TestCertificates.certificate("Test PCK CA", caKey, "Test SGX Root CA", rootKey.getPrivate(), true, 2);
    X509Certificate pck = TestCertificates.certificate("Test PCK Certificate", pckKey, "Test PCK CA", caKey.getPrivate(), false, 3);

    ByteBuffer header = le(48).putShort((short) 4).putShort((short) DcapQuote.ECDSA_P256).putInt(DcapQuote.TEE_SGX)
        .putShort((short) 2).putShort((short) 13);
    byte[] body = sgxReport(ReportData.forKey(KEY, NONCE), 0x05);
    byte[] attestationPublic = xy((ECPublicKey) attestationKey.getPublic());
    byte[] qeReport = sgxReport(concat(DcapVerifier.sha256(attestationPublic, QE_AUTH_DATA), new byte[32]), 0x05);
    byte[] chain = (pem(pck) + pem(ca) + pem(root)).getBytes(StandardCharsets.US_ASCII);

    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.write(qeReport);
    inner.write(sign(pckKey.getPrivate(), qeReport));
    inner.write(le(2).putShort((short) QE_AUTH_DATA.length).array());
    inner.write(QE_AUTH_DATA);
    inner.write(le(6).putShort((short) DcapQuote.PCK_CERT_CHAIN).putInt(chain.length).array());
    inner.write(chain);

    byte[] signed = concat(header.array(), body);
    ByteArrayOutputStream signatureData = new ByteArrayOutputStream();
    signatureData.write(sign(attestationKey.getPrivate(), signed));
    signatureData.write(attestationPublic);
    signatureData.write(le(6).putShort((short) DcapQuote.QE_REPORT_CERTIFICATION_DATA).putInt(inner.size()).array());
    signatureData.write(inner.toByteArray());

    quote = concat(concat(signed, le(4).putInt(signatureData.size()).array()), signatureData.toByteArray());
  }

  private Evidence evidence() {
    return new Evidence(EvidenceType.SGX_DCAP, ReportData.forKey(KEY, NONCE), Optional.of(quote),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());
  }

  @Test
  void sgxV4QuoteVerifiesAgainstItsRootAndBindsTheKey() {
    VerificationPolicy policy = VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withIntelRoot(root))
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
    Evidence mislabelled = new Evidence(EvidenceType.TDX, ReportData.forKey(KEY, NONCE), Optional.of(quote),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());

    Verdict verdict = verifier.verify(mislabelled, VerificationPolicy.strict().withAnchors(TrustAnchors.pinned().withIntelRoot(root)));

    assertThat(verdict.check("format").orElseThrow().reason()).contains("evidence type is tdx but the quote is sgx-dcap");
  }

  private static byte[] sgxReport(byte[] reportData, int attributeFlags) {
    byte[] report = new byte[SgxReportBody.SIZE];
    report[48] = (byte) attributeFlags;
    System.arraycopy(reportData, 0, report, 320, 64);
    return report;
  }

  private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(key);
    signer.update(data);
    return signer.sign();
  }

  private static byte[] xy(ECPublicKey key) {
    return concat(fixed(key.getW().getAffineX().toByteArray()), fixed(key.getW().getAffineY().toByteArray()));
  }

  private static byte[] fixed(byte[] unsigned) {
    byte[] out = new byte[32];
    int copy = Math.min(32, unsigned.length);
    System.arraycopy(unsigned, unsigned.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
