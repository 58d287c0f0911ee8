package dev.vigil.attestation;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.spec.json.BoundedJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An AWS Nitro Enclaves attestation document: a COSE_Sign1 (RFC 9052) whose payload is the CBOR map
 * the Nitro Secure Module signs — {@code module_id}, {@code digest}, {@code timestamp} (ms since the
 * epoch), {@code pcrs}, {@code certificate} (the signing leaf, DER), {@code cabundle} (root first,
 * DER), and the optional {@code public_key}, {@code user_data} and {@code nonce}. The encoded
 * protected header and payload are kept verbatim: the signature covers those exact bytes.
 */
record NitroDocument(
    byte[] protectedHeader,
    byte[] payload,
    byte[] signature,
    String moduleId,
    String digest,
    Instant timestamp,
    Map<Integer, byte[]> pcrs,
    byte[] certificate,
    List<byte[]> cabundle,
    Optional<byte[]> publicKey,
    Optional<byte[]> userData,
    Optional<byte[]> nonce) {
  /** COSE algorithm identifier of ECDSA with SHA-384 (RFC 9053), the only one the NSM uses. */
  static final int ES384 = -35;

  /**
   * A document comes from a peer, the NSM's answer from a device: BoundedJson's nesting, number and
   * name bounds apply to their CBOR too (NitroProvider reads the NSM's answer with it).
   */
  static final ObjectMapper CBOR = CBORMapper.builder(CBORFactory.builder()
          .streamReadConstraints(BoundedJson.constraints(StreamReadConstraints.DEFAULT_MAX_STRING_LEN)).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  NitroDocument {
    pcrs = Collections.unmodifiableMap(new TreeMap<>(pcrs));
    cabundle = List.copyOf(cabundle);
  }

  /** Whether these bytes look like a COSE_Sign1 (an array of four, tagged 18 or not). */
  static boolean looksLikeCose(byte[] raw) {
    return raw.length > 2 && ((raw[0] & 0xff) == 0x84 || ((raw[0] & 0xff) == 0xd2 && (raw[1] & 0xff) == 0x84));
  }

  /** Parses a document; a malformed one gets an {@link IllegalArgumentException} naming the field. */
  static NitroDocument parse(byte[] cose) {
    JsonNode sign1 = read(cose, "COSE_Sign1");
    if (!sign1.isArray() || sign1.size() != 4) {
      throw new IllegalArgumentException("COSE_Sign1: expected an array of 4 (protected, unprotected, payload, signature)");
    }
    byte[] protectedHeader = binary(sign1.get(0), "COSE_Sign1 protected");
    byte[] payload = binary(sign1.get(2), "COSE_Sign1 payload");
    byte[] signature = binary(sign1.get(3), "COSE_Sign1 signature");
    JsonNode body = read(payload, "payload");
    if (!body.isObject()) {
      throw new IllegalArgumentException("payload: expected a CBOR map");
    }
    Map<Integer, byte[]> pcrs = new TreeMap<>();
    JsonNode pcrNode = body.get("pcrs");
    if (pcrNode == null || !pcrNode.isObject() || pcrNode.isEmpty()) {
      throw new IllegalArgumentException("pcrs: missing or not a non-empty map");
    }
    for (Map.Entry<String, JsonNode> pcr : pcrNode.properties()) {
      int index;
      try {
        index = Integer.parseInt(pcr.getKey());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("pcrs: key '" + pcr.getKey() + "' is not an index");
      }
      if (index < 0 || index > 31) {
        throw new IllegalArgumentException("pcrs: index " + index + " is outside 0..31");
      }
      byte[] value = binary(pcr.getValue(), "pcrs[" + index + "]");
      if (value.length != 32 && value.length != 48 && value.length != 64) {
        throw new IllegalArgumentException("pcrs[" + index + "]: expected 32, 48 or 64 bytes, got " + value.length);
      }
      pcrs.put(index, value);
    }
    JsonNode timestamp = body.get("timestamp");
    if (timestamp == null || !timestamp.canConvertToLong() || timestamp.asLong() <= 0) {
      throw new IllegalArgumentException("timestamp: missing or not a positive integer");
    }
    List<byte[]> cabundle = new ArrayList<>();
    JsonNode bundle = body.get("cabundle");
    if (bundle == null || !bundle.isArray() || bundle.isEmpty()) {
      throw new IllegalArgumentException("cabundle: missing or not a non-empty array");
    }
    for (int i = 0; i < bundle.size(); i++) {
      cabundle.add(binary(bundle.get(i), "cabundle[" + i + "]"));
    }
    return new NitroDocument(
        protectedHeader, payload, signature,
        text(body, "module_id"), text(body, "digest"), Instant.ofEpochMilli(timestamp.asLong()), pcrs,
        binary(body.get("certificate"), "certificate"), cabundle,
        optionalBinary(body, "public_key"), optionalBinary(body, "user_data"), optionalBinary(body, "nonce"));
  }

  /** The algorithm named in the protected header (label 1), if it names one. */
  Optional<Integer> algorithm() {
    JsonNode header = read(protectedHeader, "COSE_Sign1 protected");
    JsonNode alg = header.get("1");
    return alg != null && alg.canConvertToInt() ? Optional.of(alg.asInt()) : Optional.empty();
  }

  /** What the signature covers: Sig_structure ["Signature1", protected, external_aad = b"", payload]. */
  byte[] signedBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    head(out, 4, 4);
    byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
    head(out, 3, context.length);
    out.writeBytes(context);
    head(out, 2, protectedHeader.length);
    out.writeBytes(protectedHeader);
    head(out, 2, 0);
    head(out, 2, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** A CBOR head (RFC 8949 §3): major type and argument, in the shortest form. */
  private static void head(ByteArrayOutputStream out, int major, long argument) {
    int type = major << 5;
    if (argument < 24) {
      out.write(type | (int) argument);
    } else if (argument < 0x100) {
      out.write(type | 24);
      out.write((int) argument);
    } else if (argument < 0x10000) {
      out.write(type | 25);
      out.write((int) (argument >>> 8));
      out.write((int) argument);
    } else {
      out.write(type | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift));
      }
    }
  }

  private static JsonNode read(byte[] cbor, String what) {
    try {
      JsonNode node = CBOR.readTree(cbor);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException(what + ": empty");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not valid CBOR: " + e.getMessage());
    }
  }

  private static byte[] binary(JsonNode node, String field) {
    if (node == null || !node.isBinary()) {
      throw new IllegalArgumentException(field + ": missing or not a byte string");
    }
    try {
      return node.binaryValue();
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static Optional<byte[]> optionalBinary(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(binary(node, field));
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(field + ": missing or not a text string");
    }
    return node.asText();
  }
}
