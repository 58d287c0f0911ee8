package dev.vigil.signer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.json.BoundedJson;
import dev.vigil.spec.json.JsonField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * One freshness message on the wire, {@code {"session","payload","mac"}}: the payload is a JSON
 * object carried as a string, so that both sides MAC the very same bytes, and
 * {@code mac = HMAC-SHA256(session key, direction label ‖ 0 ‖ session ‖ 0 ‖ payload)}. The session
 * key comes from the attested handshake inside a TEE, or from the token both sides were given
 * outside one ({@link #tokenKey}). The payload carries a counter that only rises per session and a
 * fresh nonce; a response repeats the nonce and counter of its request, so that neither a forged
 * nor a replayed answer passes.
 */
record FreshnessEnvelope(String session, String payload, Bytes32 mac) {
  static final String VERSION = "vigil/freshness/v1";
  private static final ObjectMapper JSON = BoundedJson.mapper();

  /** Which way a message goes: the label keeps a request from passing as a response. */
  enum Direction {
    REQUEST,
    RESPONSE;

    byte[] label() {
      return (VERSION + "/" + name().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
    }
  }

  static FreshnessEnvelope seal(SecretKeySpec key, Direction direction, String session, String payload) {
    return new FreshnessEnvelope(session, payload, mac(key, direction, session, payload));
  }

  /** Whether the MAC is right for this key and direction (compared in constant time). */
  boolean verifies(SecretKeySpec key, Direction direction) {
    return MessageDigest.isEqual(mac(key, direction, session, payload).toArray(), mac.toArray());
  }

  private static Bytes32 mac(SecretKeySpec key, Direction direction, String session, String payload) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      hmac.update(direction.label());
      hmac.update((byte) 0);
      hmac.update(session.getBytes(StandardCharsets.UTF_8));
      hmac.update((byte) 0);
      return new Bytes32(hmac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /**
   * The session key of a signer identity outside a TEE: HKDF-SHA256(IKM = the shared token,
   * info = "vigil/freshness/v1/token" ‖ identity). Both sides derive it; the token never travels.
   */
  static SecretKeySpec tokenKey(String token, String signerIdentity) {
    return hkdf(token.getBytes(StandardCharsets.UTF_8),
        (VERSION + "/token" + "\0" + signerIdentity).getBytes(StandardCharsets.UTF_8));
  }

  static SecretKeySpec hkdf(byte[] secret, byte[] info) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(secret, null, info));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return new SecretKeySpec(key, "HmacSHA256");
  }

  ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("session", session);
    node.put("payload", payload);
    node.put("mac", mac.toHexString());
    return node;
  }

  /** Parses the envelope; a bad field gets an exception naming it. */
  static FreshnessEnvelope fromJson(JsonNode node) {
    JsonField root = JsonField.root(node);
    return new FreshnessEnvelope(root.get("session").text(), root.get("payload").text(), root.get("mac").bytes32());
  }

  /**
   * The payload's top-level {@code signer_identity}, the one thing needed to find the key before
   * the MAC is checked: found by one streaming pass (BoundedJson's bounds), no tree built and no
   * other field decoded, so that a caller without the key costs no more than that pass.
   */
  String claimedSignerIdentity() {
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("payload: not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("signer_identity")) {
          if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("payload.signer_identity: not a string");
          }
          return parser.getText();
        }
        parser.skipChildren();
      }
      throw new IllegalArgumentException("payload.signer_identity: missing");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload: malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("payload: unreadable: " + e.getMessage());
    }
  }

  /** The payload as a JSON object, parsed only after the MAC verified. */
  JsonNode payloadJson() {
    try {
      JsonNode parsed = JSON.readTree(payload);
      if (parsed == null || !parsed.isObject()) {
        throw new IllegalArgumentException("payload: not a JSON object");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload: malformed JSON: " + e.getOriginalMessage());
    }
  }

  static String toPayload(ObjectNode payload) {
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a freshness payload", e);
    }
  }
}
