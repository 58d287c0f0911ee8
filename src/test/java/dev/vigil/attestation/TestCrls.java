package dev.vigil.attestation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V2TBSCertListGenerator;

/** Self-made CRLs (no real AMD KDS CRL is in a public repository), signed with P-384 and SHA-384. */
public final class TestCrls {
  private static final ASN1ObjectIdentifier ECDSA_SHA384 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.3");

  private TestCrls() {}

  /** A CRL named CN={@code issuer}, current from {@code thisUpdate} to {@code nextUpdate}, revoking {@code revoked}. */
  public static X509CRL crl(String issuer, PrivateKey issuerKey, Instant thisUpdate, Instant nextUpdate, long... revoked) {
    try {
      V2TBSCertListGenerator tbs = new V2TBSCertListGenerator();
      tbs.setSignature(new AlgorithmIdentifier(ECDSA_SHA384));
      tbs.setIssuer(new X500Name("CN=" + issuer));
      tbs.setThisUpdate(new Time(Date.from(thisUpdate)));
      tbs.setNextUpdate(new Time(Date.from(nextUpdate)));
      for (long serial : revoked) {
        tbs.addCRLEntry(new ASN1Integer(BigInteger.valueOf(serial)), new Time(Date.from(thisUpdate)), 0);
      }
      TBSCertList body = tbs.generateTBSCertList();
      Signature signer = Signature.getInstance("SHA384withECDSA");
      signer.initSign(issuerKey);
      signer.update(body.getEncoded());
      ASN1EncodableVector list = new ASN1EncodableVector();
      list.add(body);
      list.add(new AlgorithmIdentifier(ECDSA_SHA384));
      list.add(new DERBitString(signer.sign()));
      return (X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(new DERSequence(list).getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
