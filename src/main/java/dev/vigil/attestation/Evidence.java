package dev.vigil.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a provider hands out: the report data Vigil asked the TEE to sign, the TEE's quote or report
 * over it (absent for insecure-none), the caller's nonce, and what the report data binds — one
 * generated key ({@code pubkey}) or the whole key set of a running signer ({@code pubkeys}).
 * {@code certificates} carries DER certificates the quote itself lacks (the VCEK and ASK of an
 * SEV-SNP report when the host supplies them).
 *
 * <p>JSON: {@code {"type","report_data","quote","nonce","pubkey"}} (0x-hex), plus {@code pubkeys} and
 * {@code certificates} only when present.
 */
public record Evidence(
    EvidenceType type,
    byte[] reportData,
    Optional<byte[]> quote,
    Bytes32 nonce,
    Optional<BLSPubkey> pubkey,
    List<BLSPubkey> pubkeys,
    List<byte[]> certificates) {
  private static final ObjectMapper JSON = BoundedJson.mapper();

  public Evidence {
    if (type == null) {
      throw new IllegalArgumentException("type: missing");
    }
    if (reportData == null || reportData.length != ReportData.SIZE) {
      throw new IllegalArgumentException(
          "report_data: expected " + ReportData.SIZE + " bytes, got "
              + (reportData == null ? "none" : reportData.length));
    }
    if (nonce == null) {
      throw new IllegalArgumentException("nonce: missing");
    }
    if (type == EvidenceType.INSECURE_NONE && quote.isPresent()) {
      throw new IllegalArgumentException("quote: insecure-none evidence carries no quote");
    }
    if (type != EvidenceType.INSECURE_NONE && quote.isEmpty()) {
      throw new IllegalArgumentException("quote: missing for " + type + " evidence");
    }
    if (pubkey.isPresent() && !pubkeys.isEmpty()) {
      throw new IllegalArgumentException("pubkeys: evidence binds either one pubkey or a key set");
    }
    reportData = reportData.clone();
    quote = quote.map(byte[]::clone);
    pubkeys = List.copyOf(pubkeys);
    certificates = certificates.stream().map(byte[]::clone).toList();
  }

  @Override
  public byte[] reportData() {
    return reportData.clone();
  }

  @Override
  public Optional<byte[]> quote() {
    return quote.map(byte[]::clone);
  }

  public ObjectNode toJsonNode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", type.wireName());
    node.put("report_data", Hex.encode(reportData));
    quote.ifPresent(q -> node.put("quote", Hex.encode(q)));
    node.put("nonce", nonce.toHexString());
    pubkey.ifPresent(key -> node.put("pubkey", key.toHexString()));
    if (!pubkeys.isEmpty()) {
      ArrayNode keys = node.putArray("pubkeys");
      pubkeys.forEach(key -> keys.add(key.toHexString()));
    }
    if (!certificates.isEmpty()) {
      ArrayNode certs = node.putArray("certificates");
      certificates.forEach(cert -> certs.add(Hex.encode(cert)));
    }
    return node;
  }

  public String toJson() {
    return toJsonNode().toString();
  }

  /** Parses the JSON form; a bad field gets an {@link IllegalArgumentException} naming it. */
  public static Evidence fromJson(String json) {
    try {
      return fromJsonNode(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("evidence: not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static Evidence fromJsonNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("evidence: expected a JSON object");
    }
    EvidenceType type = EvidenceType.fromWireName(text(node, "type"));
    byte[] reportData = hex(node, "report_data");
    Optional<byte[]> quote = node.hasNonNull("quote") ? Optional.of(hex(node, "quote")) : Optional.empty();
    Bytes32 nonce =
        node.hasNonNull("nonce") ? ReportData.nonce(hex(node, "nonce")) : Bytes32.ZERO;
    Optional<BLSPubkey> pubkey =
        node.hasNonNull("pubkey") ? Optional.of(pubkey(text(node, "pubkey"), "pubkey")) : Optional.empty();
    List<BLSPubkey> pubkeys = new ArrayList<>();
    for (JsonNode key : array(node, "pubkeys")) {
      pubkeys.add(pubkey(key.asText(), "pubkeys"));
    }
    List<byte[]> certificates = new ArrayList<>();
    for (JsonNode cert : array(node, "certificates")) {
      // Counted and measured before anything is decoded: 0x and two hex digits a byte.
      try {
        Certificates.requireRoomForAnother(certificates.size());
        Certificates.requireSize((cert.asText().length() - 2) / 2);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("certificates[" + certificates.size() + "]: " + e.getMessage());
      }
      certificates.add(decode(cert.asText(), "certificates"));
    }
    return new Evidence(type, reportData, quote, nonce, pubkey, pubkeys, certificates);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + ": missing or not a string");
    }
    return value.asText();
  }

  private static byte[] hex(JsonNode node, String field) {
    return decode(text(node, field), field);
  }

  private static byte[] decode(String text, String field) {
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static BLSPubkey pubkey(String text, String field) {
    try {
      return BLSPubkey.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(field + ": expected a JSON array");
    }
    return value;
  }
}
