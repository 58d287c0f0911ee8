package dev.vigil.attestation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime claims JSON of an Azure HCL report: {@code keys} (JWKs; {@code HCLAkPub} is the vTPM's
 * attestation key), {@code vm-configuration} and {@code user-data}, the 64 bytes (hex) the guest
 * wrote to NV index 0x01400002 before the report was made.
 */
record RuntimeClaims(byte[] userData, PublicKey attestationKey, Map<String, String> vmConfiguration) {
  static final String AK_KID = "HCLAkPub";
  /** Longest AK modulus accepted, in bits (the JDK's own RSA limit). */
  static final int MAX_MODULUS_BITS = 16384;
  /** Longest AK public exponent accepted, in bits: verifying costs a squaring per bit (the vTPM's is 65537). */
  static final int MAX_EXPONENT_BITS = 32;
  private static final ObjectMapper JSON = BoundedJson.mapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static RuntimeClaims parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("runtime claims: not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("runtime claims: expected a JSON object");
    }
    JsonNode userData = root.get("user-data");
    if (userData == null || !userData.isTextual()) {
      throw new IllegalArgumentException("runtime claims user-data: missing or not a string");
    }
    byte[] data;
    try {
      data = Hex.decode(userData.asText(), ReportData.SIZE);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runtime claims user-data: " + e.getMessage());
    }
    PublicKey ak = null;
    JsonNode keys = root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new IllegalArgumentException("runtime claims keys: missing or not an array");
    }
    for (JsonNode key : keys) {
      if (AK_KID.equals(key.path("kid").asText())) {
        if (ak != null) {
          throw new IllegalArgumentException("runtime claims keys: more than one " + AK_KID);
        }
        ak = rsaKey(key);
      }
    }
    if (ak == null) {
      throw new IllegalArgumentException("runtime claims keys: no " + AK_KID + " (the vTPM attestation key)");
    }
    Map<String, String> configuration = new LinkedHashMap<>();
    root.path("vm-configuration").fields().forEachRemaining(field -> configuration.put(field.getKey(), field.getValue().asText()));
    return new RuntimeClaims(data, ak, configuration);
  }

  private static PublicKey rsaKey(JsonNode jwk) {
    if (!"RSA".equals(jwk.path("kty").asText())) {
      throw new IllegalArgumentException("runtime claims " + AK_KID + ": kty is not RSA");
    }
    try {
      BigInteger n = unsigned(jwk, "n", MAX_MODULUS_BITS);
      BigInteger e = unsigned(jwk, "e", MAX_EXPONENT_BITS);
      if (n.bitLength() < 2048) {
        throw new IllegalArgumentException("runtime claims " + AK_KID + ": RSA modulus of " + n.bitLength() + " bits, expected at least 2048");
      }
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("runtime claims " + AK_KID + ": " + e.getMessage());
    }
  }

  /** The base64url big-endian integer {@code field} of a JWK, its text length checked before it is decoded. */
  private static BigInteger unsigned(JsonNode jwk, String field, int maxBits) {
    String text = jwk.path(field).asText();
    int maxBytes = maxBits / 8 + 1; // a leading zero byte is allowed
    if (text.length() > (maxBytes * 4 + 2) / 3) {
      throw new IllegalArgumentException(field + ": " + text.length() + " base64url characters, longer than a " + maxBits + "-bit value");
    }
    BigInteger value = new BigInteger(1, Base64.getUrlDecoder().decode(text));
    if (value.bitLength() > maxBits) {
      throw new IllegalArgumentException(field + ": " + value.bitLength() + " bits, more than " + maxBits);
    }
    return value;
  }
}
