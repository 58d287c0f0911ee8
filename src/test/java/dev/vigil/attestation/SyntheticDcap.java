package dev.vigil.attestation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * DCAP quotes in format v4 built byte by byte over a self-made root, PCK CA, PCK key and attestation
 * key (no real quote can carry a test's report data): an SGX enclave's as Gramine returns it, and a
 * TDX TD's as configfs-tsm returns it, with the MRTD and RTMRs given.
 */
public final class SyntheticDcap {
  private static final byte[] QE_AUTH_DATA = "qe auth".getBytes(StandardCharsets.US_ASCII);
  private final KeyPair pckKey = TestCertificates.p256();
  private final KeyPair attestationKey = TestCertificates.p256();
  private final X509Certificate root;
  private final byte[] pckChain;

  public SyntheticDcap() {
    KeyPair rootKey = TestCertificates.p256();
    KeyPair caKey = TestCertificates.p256();
    root = TestCertificates.certificate("Test SGX Root CA", rootKey, "Test SGX Root CA", rootKey.getPrivate(), true, 1);
    X509Certificate ca = TestCertificates.certificate("Test PCK CA", caKey, "Test SGX Root CA", rootKey.getPrivate(), true, 2);
    X509Certificate pck = TestCertificates.certificate("Test PCK Certificate", pckKey, "Test PCK CA", caKey.getPrivate(), false, 3);
    pckChain = (pem(pck) + pem(ca) + pem(root)).getBytes(StandardCharsets.US_ASCII);
  }

  /** The pinned roots with this simulation's root standing in for the Intel SGX Root CA. */
  public TrustAnchors anchors() {
    return TrustAnchors.pinned().withIntelRoot(root);
  }

  /** An SGX quote of an enclave with these report data and ATTRIBUTES flags. */
  byte[] sgxQuote(byte[] reportData, int attributeFlags) {
    return quote(DcapQuote.TEE_SGX, sgxReport(reportData, attributeFlags));
  }

  /** A TDX quote (TDX 1.0 body) of a TD with this MRTD, these RTMR0–3 and report data. */
  public byte[] tdxQuote(byte[] mrtd, List<byte[]> rtmrs, byte[] reportData) {
    ByteBuffer body = ByteBuffer.allocate(TdxReportBody.SIZE_TD10);
    body.position(136).put(mrtd);
    body.position(328);
    rtmrs.forEach(body::put);
    body.put(reportData);
    return quote(DcapQuote.TEE_TDX, body.array());
  }

  /** {@code --attestation tsm} in a TD with this MRTD and these RTMR0–3. */
  public AttestationProvider td(byte[] mrtd, List<byte[]> rtmrs) {
    return new AttestationProvider() {
      @Override
      public String name() {
        return "tsm";
      }

      @Override
      public RawEvidence attest(byte[] reportData) {
        return new RawEvidence(EvidenceType.TDX, Optional.of(tdxQuote(mrtd, rtmrs, reportData)), List.of());
      }
    };
  }

  private byte[] quote(int teeType, byte[] body) {
    try {
      ByteBuffer header = le(48).putShort((short) 4).putShort((short) DcapQuote.ECDSA_P256).putInt(teeType)
          .putShort((short) 2).putShort((short) 13);
      byte[] attestationPublic = xy((ECPublicKey) attestationKey.getPublic());
      byte[] qeReport = sgxReport(concat(DcapVerifier.sha256(attestationPublic, QE_AUTH_DATA), new byte[32]), 0x05);

      ByteArrayOutputStream inner = new ByteArrayOutputStream();
      inner.write(qeReport);
      inner.write(sign(pckKey.getPrivate(), qeReport));
      inner.write(le(2).putShort((short) QE_AUTH_DATA.length).array());
      inner.write(QE_AUTH_DATA);
      inner.write(le(6).putShort((short) DcapQuote.PCK_CERT_CHAIN).putInt(pckChain.length).array());
      inner.write(pckChain);

      byte[] signed = concat(header.array(), body);
      ByteArrayOutputStream signatureData = new ByteArrayOutputStream();
      signatureData.write(sign(attestationKey.getPrivate(), signed));
      signatureData.write(attestationPublic);
      signatureData.write(le(6).putShort((short) DcapQuote.QE_REPORT_CERTIFICATION_DATA).putInt(inner.size()).array());
      signatureData.write(inner.toByteArray());
      return concat(concat(signed, le(4).putInt(signatureData.size()).array()), signatureData.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sgxReport(byte[] reportData, int attributeFlags) {
    byte[] report = new byte[SgxReportBody.SIZE];
    report[48] = (byte) attributeFlags;
    System.arraycopy(reportData, 0, report, 320, 64);
    return report;
  }

  private static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
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
