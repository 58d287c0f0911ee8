package dev.vigil.attestation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/** Self-made certificate chains: P-384 for SEV-SNP (no real AMD report is in the vectors), P-256 for a synthetic SGX v4 quote. */
final class TestCertificates {
  static final Instant NOT_BEFORE = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant NOT_AFTER = Instant.parse("2044-01-01T00:00:00Z");
  private static final ASN1ObjectIdentifier ECDSA_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
  private static final ASN1ObjectIdentifier ECDSA_SHA384 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.3");

  private TestCertificates() {}

  static KeyPair p384() {
    return ecKey("secp384r1");
  }

  static KeyPair p256() {
    return ecKey("secp256r1");
  }

  private static KeyPair ecKey(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A certificate for {@code subjectKey} named CN={@code subject}, signed by {@code issuerKey} with
   * ECDSA and SHA-384 (P-384 issuer) or SHA-256 (P-256 issuer).
   */
  static X509Certificate certificate(
      String subject, KeyPair subjectKey, String issuer, PrivateKey issuerKey, boolean ca, long serial,
      Extension... extra) {
    boolean p384 = ((java.security.interfaces.ECPrivateKey) issuerKey).getParams().getCurve().getField().getFieldSize() == 384;
    ASN1ObjectIdentifier algorithm = p384 ? ECDSA_SHA384 : ECDSA_SHA256;
    try {
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(serial)));
      tbs.setSignature(new AlgorithmIdentifier(algorithm));
      tbs.setIssuer(new X500Name("CN=" + issuer));
      tbs.setSubject(new X500Name("CN=" + subject));
      tbs.setStartDate(new Time(Date.from(NOT_BEFORE)));
      tbs.setEndDate(new Time(Date.from(NOT_AFTER)));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded()));
      java.util.List<Extension> extensions = new java.util.ArrayList<>(java.util.List.of(extra));
      if (ca) {
        extensions.add(new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()));
      }
      if (!extensions.isEmpty()) {
        tbs.setExtensions(new Extensions(extensions.toArray(Extension[]::new)));
      }
      TBSCertificate body = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance(p384 ? "SHA384withECDSA" : "SHA256withECDSA");
      signer.initSign(issuerKey);
      signer.update(body.getEncoded());
      ASN1EncodableVector certificate = new ASN1EncodableVector();
      certificate.add(body);
      certificate.add(new AlgorithmIdentifier(algorithm));
      certificate.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(certificate).getEncoded();
      return (X509Certificate)
          CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chip and TCB the test VCEK is issued for. */
  static final byte[] CHIP_ID = filled(64, 0x11);
  static final int BOOT_LOADER_SPL = 3;
  static final int TEE_SPL = 0;
  static final int SNP_SPL = 8;
  static final int MICROCODE_SPL = 115;

  /** A test ARK → ASK → VCEK chain, all P-384; the VCEK has AMD's hwID and SPL extensions (Genoa layout). */
  record SnpChain(KeyPair arkKey, X509Certificate ark, X509Certificate ask, KeyPair vcekKey, X509Certificate vcek) {
    static SnpChain create() {
      KeyPair ark = p384();
      KeyPair ask = p384();
      KeyPair vcek = p384();
      return new SnpChain(
          ark,
          certificate("ARK-Test", ark, "ARK-Test", ark.getPrivate(), true, 1),
          certificate("SEV-Test", ask, "ARK-Test", ark.getPrivate(), true, 2),
          vcek,
          certificate("SEV-VCEK", vcek, "SEV-Test", ask.getPrivate(), false, 3,
              amd("2", new org.bouncycastle.asn1.DERIA5String("Genoa-B1")),
              amd("3.1", new ASN1Integer(BOOT_LOADER_SPL)),
              amd("3.2", new ASN1Integer(TEE_SPL)),
              amd("3.3", new ASN1Integer(SNP_SPL)),
              amd("3.8", new ASN1Integer(MICROCODE_SPL)),
              amd("4", new org.bouncycastle.asn1.DEROctetString(CHIP_ID))));
    }

    private static Extension amd(String suffix, org.bouncycastle.asn1.ASN1Encodable value) {
      try {
        return new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1." + suffix), false, value.toASN1Primitive().getEncoded());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
