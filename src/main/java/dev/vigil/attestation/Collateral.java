package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Intel's verification collateral for one platform, in the JSON form dcap-qvl writes (as fetched
 * from a PCCS): TCB info and QE identity, each with its signature (raw r‖s, hex) and signing chain
 * (PEM), and the root-CA and PCK CRLs (DER, hex). The signed JSON texts are kept verbatim because
 * their signatures cover those exact bytes.
 */
public record Collateral(
    String tcbInfo,
    byte[] tcbInfoSignature,
    List<X509Certificate> tcbInfoIssuerChain,
    String qeIdentity,
    byte[] qeIdentitySignature,
    List<X509Certificate> qeIdentityIssuerChain,
    X509CRL rootCaCrl,
    X509CRL pckCrl,
    List<X509Certificate> pckCrlIssuerChain) {

  /** Parses the collateral JSON; a bad field gets an {@link IllegalArgumentException} naming it. */
  public static Collateral fromJson(byte[] json) {
    JsonNode node;
    try {
      node = BoundedJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("collateral: not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("collateral: expected a JSON object");
    }
    return new Collateral(
        text(node, "tcb_info"),
        hex(node, "tcb_info_signature"),
        chain(node, "tcb_info_issuer_chain"),
        text(node, "qe_identity"),
        hex(node, "qe_identity_signature"),
        chain(node, "qe_identity_issuer_chain"),
        crl(node, "root_ca_crl"),
        crl(node, "pck_crl"),
        chain(node, "pck_crl_issuer_chain"));
  }

  JsonNode tcbInfoJson() {
    return parse(tcbInfo, "tcb_info");
  }

  JsonNode qeIdentityJson() {
    return parse(qeIdentity, "qe_identity");
  }

  private static JsonNode parse(String text, String field) {
    try {
      return BoundedJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ": not valid JSON: " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("collateral " + field + ": missing or not a string");
    }
    return value.asText();
  }

  private static byte[] hex(JsonNode node, String field) {
    try {
      return Hex.decode(text(node, field));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collateral " + field + ": " + e.getMessage());
    }
  }

  private static List<X509Certificate> chain(JsonNode node, String field) {
    try {
      return Certificates.parse(text(node, field).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collateral " + field + ": " + e.getMessage());
    }
  }

  private static X509CRL crl(JsonNode node, String field) {
    try {
      return (X509CRL)
          CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(hex(node, field)));
    } catch (CRLException | CertificateException e) {
      throw new IllegalArgumentException("collateral " + field + ": not a DER CRL: " + e.getMessage());
    }
  }
}
