package dev.vigil.attestation;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's FMSPC and
 * the TCB it was certified at (16 CPU SVN components and the PCE SVN), which TCB info levels are
 * matched against. The JDK has no ASN.1 parser, so BouncyCastle's is used.
 */
record PckExtension(byte[] fmspc, int[] cpuSvnComponents, int pceSvn) {
  static final String SGX_EXTENSION = "1.2.840.113741.1.13.1";
  private static final String TCB = SGX_EXTENSION + ".2";
  private static final String FMSPC = SGX_EXTENSION + ".4";
  private static final String PCESVN = TCB + ".17";

  static PckExtension of(X509Certificate pckCertificate) {
    byte[] wrapped = pckCertificate.getExtensionValue(SGX_EXTENSION);
    if (wrapped == null) {
      throw new IllegalArgumentException("PCK certificate: no SGX extension " + SGX_EXTENSION);
    }
    try {
      ASN1Sequence entries =
          ASN1Sequence.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets()));
      byte[] fmspc = null;
      int[] components = new int[16];
      int pceSvn = -1;
      for (ASN1Encodable entry : entries) {
        ASN1Sequence pair = ASN1Sequence.getInstance(entry);
        String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
        if (oid.equals(FMSPC)) {
          fmspc = ASN1OctetString.getInstance(pair.getObjectAt(1)).getOctets();
        } else if (oid.equals(TCB)) {
          for (ASN1Encodable tcbEntry : ASN1Sequence.getInstance(pair.getObjectAt(1))) {
            ASN1Sequence component = ASN1Sequence.getInstance(tcbEntry);
            String componentOid = ASN1ObjectIdentifier.getInstance(component.getObjectAt(0)).getId();
            int index = Integer.parseInt(componentOid.substring(componentOid.lastIndexOf('.') + 1));
            if (componentOid.equals(PCESVN)) {
              pceSvn = ASN1Integer.getInstance(component.getObjectAt(1)).intValueExact();
            } else if (index >= 1 && index <= 16) {
              components[index - 1] = ASN1Integer.getInstance(component.getObjectAt(1)).intValueExact();
            }
          }
        }
      }
      if (fmspc == null || pceSvn < 0) {
        throw new IllegalArgumentException("PCK certificate: SGX extension lacks FMSPC or PCESVN");
      }
      return new PckExtension(fmspc, components, pceSvn);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("PCK certificate")) {
        throw iae;
      }
      throw new IllegalArgumentException("PCK certificate: malformed SGX extension: " + e.getMessage());
    }
  }
}
