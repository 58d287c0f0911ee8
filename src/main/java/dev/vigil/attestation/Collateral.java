package dev.vigil.attestation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Intel's verification collateral for one platform, in the JSON form dcap-qvl writes (as fetched
 * from a PCCS): TCB info and QE identity, each with its signature (raw r‖s, hex) and signing chain
 * (PEM), and the root-CA and PCK CRLs (DER, hex). The signed JSON texts are kept verbatim because
 * their signatures cover those exact bytes. {@link #fromPcs} assembles the same from Intel PCS
 * answers, as {@code vigil attestation collateral fetch} receives them.
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

  /**
   * Assembles collateral from Intel PCS v4 answers as served: the TCB info body
   * {@code {"tcbInfo":{…},"signature":"hex"}} and its {@code TCB-Info-Issuer-Chain} header, the QE
   * identity body {@code {"enclaveIdentity":{…},"signature":"hex"}} and its
   * {@code SGX-Enclave-Identity-Issuer-Chain} header, the root CA CRL, and the PCK CRL (DER or PEM)
   * with its {@code SGX-PCK-CRL-Issuer-Chain} header. Headers are URL-encoded PEM, as Intel sends
   * them; the signed members are cut out of the bodies verbatim.
   */
  public static Collateral fromPcs(
      String tcbInfoBody, String tcbInfoIssuerChain, String qeIdentityBody, String qeIdentityIssuerChain,
      byte[] rootCaCrl, byte[] pckCrl, String pckCrlIssuerChain) {
    return new Collateral(
        signedMember(tcbInfoBody, "tcbInfo", "TCB info"),
        Hex.decode(signature(tcbInfoBody, "TCB info")),
        headerChain(tcbInfoIssuerChain, "TCB-Info-Issuer-Chain"),
        signedMember(qeIdentityBody, "enclaveIdentity", "QE identity"),
        Hex.decode(signature(qeIdentityBody, "QE identity")),
        headerChain(qeIdentityIssuerChain, "SGX-Enclave-Identity-Issuer-Chain"),
        parseCrl(rootCaCrl, "root CA CRL"),
        parseCrl(pckCrl, "PCK CRL"),
        headerChain(pckCrlIssuerChain, "SGX-PCK-CRL-Issuer-Chain"));
  }

  /** The JSON form {@link #fromJson} reads (dcap-qvl's field names). */
  public byte[] toJson() {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("tcb_info", tcbInfo);
    node.put("tcb_info_signature", Hex.encodeBare(tcbInfoSignature));
    node.put("tcb_info_issuer_chain", pem(tcbInfoIssuerChain));
    node.put("qe_identity", qeIdentity);
    node.put("qe_identity_signature", Hex.encodeBare(qeIdentitySignature));
    node.put("qe_identity_issuer_chain", pem(qeIdentityIssuerChain));
    try {
      node.put("root_ca_crl", Hex.encodeBare(rootCaCrl.getEncoded()));
      node.put("pck_crl", Hex.encodeBare(pckCrl.getEncoded()));
    } catch (CRLException e) {
      throw new IllegalStateException("a parsed CRL cannot be re-encoded", e);
    }
    node.put("pck_crl_issuer_chain", pem(pckCrlIssuerChain));
    return node.toPrettyString().getBytes(StandardCharsets.UTF_8);
  }

  /** The TCB info's {@code id} (SGX or TDX; SGX when absent, as in version 2) and FMSPC, upper-case hex. */
  String tee() {
    return tcbInfoJson().path("id").asText("SGX");
  }

  String fmspc() {
    return tcbInfoJson().path("fmspc").asText().toUpperCase(java.util.Locale.ROOT);
  }

  /** The text of member {@code name} of the body's top-level object, exactly as it appears there. */
  private static String signedMember(String body, String name, String what) {
    try (JsonParser parser = new JsonFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(what + ": the body is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = parser.currentName().equals(name);
        JsonToken value = parser.nextToken();
        if (wanted && value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          int end = (int) parser.currentLocation().getCharOffset();
          return body.substring(start, end);
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not valid JSON: " + e.getMessage());
    }
    throw new IllegalArgumentException(what + ": the body has no \"" + name + "\" object");
  }

  private static String signature(String body, String what) {
    try {
      JsonNode signature = BoundedJson.mapper().readTree(body).get("signature");
      if (signature == null || !signature.isTextual()) {
        throw new IllegalArgumentException(what + ": the body has no \"signature\" string");
      }
      return signature.asText();
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not valid JSON: " + e.getMessage());
    }
  }

  private static List<X509Certificate> headerChain(String header, String name) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException(name + ": header missing");
    }
    try {
      return Certificates.parse(URLDecoder.decode(header, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private static String pem(List<X509Certificate> chain) {
    StringBuilder out = new StringBuilder();
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate certificate : chain) {
      try {
        out.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateException e) {
        throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
      }
    }
    return out.toString();
  }

  /** A CRL in DER or PEM; {@code what} names it in the error. */
  public static X509CRL parseCrl(byte[] derOrPem, String what) {
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(derOrPem));
    } catch (CRLException | CertificateException e) {
      throw new IllegalArgumentException(what + ": not a CRL (DER or PEM): " + e.getMessage());
    }
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
    return parseCrl(hex(node, field), "collateral " + field);
  }
}
