package dev.vigil.attestation;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * What AMD's KDS writes into a VCEK certificate (AMD VCEK specification): the chip it belongs to
 * (hwID) and the TCB it was derived for (security patch levels, SPLs), which must be the chip and
 * the reported TCB of the report it verifies. A VLEK (AMD VLEK specification) carries the same SPLs
 * and, instead of a hwID, the cloud provider it was issued to (CSP_ID).
 */
record VcekExtensions(Optional<String> productName, Optional<byte[]> hwId, Optional<String> cspId, Map<String, Integer> spls) {
  private static final String AMD = "1.3.6.1.4.1.3704.1.";
  private static final Map<String, String> SPL_OIDS =
      Map.of("boot_loader", AMD + "3.1", "tee", AMD + "3.2", "snp", AMD + "3.3", "microcode", AMD + "3.8", "fmc", AMD + "3.9");

  static VcekExtensions of(X509Certificate vcek) {
    Map<String, Integer> spls = new LinkedHashMap<>();
    SPL_OIDS.forEach((name, oid) -> value(vcek, oid).ifPresent(v -> spls.put(name, ASN1Integer.getInstance(v).intValueExact())));
    Optional<byte[]> hwId = Optional.ofNullable(vcek.getExtensionValue(AMD + "4")).map(VcekExtensions::hwId);
    Optional<String> product = value(vcek, AMD + "2").map(v -> string(v, "productName"));
    Optional<String> cspId = value(vcek, AMD + "5").map(v -> string(v, "CSP_ID"));
    return new VcekExtensions(product, hwId, cspId, spls);
  }

  private static String string(ASN1Primitive value, String field) {
    if (!(value instanceof ASN1String text)) {
      throw new IllegalArgumentException("VCEK/VLEK extension " + field + ": not a string");
    }
    return text.getString();
  }

  /**
   * KDS writes the hwID as the extension's raw 64 bytes (Milan and Genoa VCEKs); a DER OCTET STRING
   * inside the extension is read too.
   */
  private static byte[] hwId(byte[] wrapped) {
    byte[] inner = ASN1OctetString.getInstance(wrapped).getOctets();
    if (inner.length == 64) {
      return inner;
    }
    try {
      return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(inner)).getOctets();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("VCEK extension hwID: neither 64 raw bytes nor an OCTET STRING");
    }
  }

  private static Optional<ASN1Primitive> value(X509Certificate certificate, String oid) {
    byte[] wrapped = certificate.getExtensionValue(oid);
    if (wrapped == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("VCEK extension " + oid + ": malformed: " + e.getMessage());
    }
  }

  /**
   * The SPLs of a TCB_VERSION: Milan and Genoa put boot loader, TEE, SNP and microcode in bytes 0,
   * 1, 6 and 7; Turin adds FMC in byte 0 and moves boot loader, TEE and SNP to bytes 1 to 3.
   */
  static Map<String, Integer> tcbVersion(long tcb, boolean turin) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (turin) {
      out.put("fmc", byteAt(tcb, 0));
      out.put("boot_loader", byteAt(tcb, 1));
      out.put("tee", byteAt(tcb, 2));
      out.put("snp", byteAt(tcb, 3));
    } else {
      out.put("boot_loader", byteAt(tcb, 0));
      out.put("tee", byteAt(tcb, 1));
      out.put("snp", byteAt(tcb, 6));
    }
    out.put("microcode", byteAt(tcb, 7));
    return out;
  }

  private static int byteAt(long value, int index) {
    return (int) (value >>> (8 * index)) & 0xff;
  }
}
