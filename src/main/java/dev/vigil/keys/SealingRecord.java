package dev.vigil.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code <data-dir>/sealing.json}: the {@link SealingParameters} of the data dir and a small check
 * value sealed under the KEK, so a wrong KEK (wrong passphrase…) is detected once at start, not as
 * one failure per key.
 */
record SealingRecord(SealingParameters parameters, byte[] check) {
  static final String FILE = "sealing.json";
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String SCRYPT = "scrypt";
  private static final String HKDF_SHA256 = "hkdf-sha256";

  /** A record whose check value is sealed under {@code kek}. */
  static SealingRecord create(SealingParameters parameters, SecretKeySpec kek, SecureRandom random) {
    return new SealingRecord(
        parameters, Aes256Gcm.seal(kek, new byte[Bytes32.SIZE], checkContext(parameters), random));
  }

  /** Whether {@code kek} is the key this record's check value was sealed under. */
  boolean opensWith(SecretKeySpec kek) {
    try {
      Arrays.fill(Aes256Gcm.open(kek, check, 0, checkContext(parameters)), (byte) 0);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    }
  }

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("provider", parameters.provider());
    parameters.policy().ifPresent(policy -> root.put("policy", policy));
    parameters.kdf().ifPresent(kdf -> root.set("kdf", kdfToJson(kdf)));
    root.put("check", Hex.encode(check));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the sealing record", e);
    }
  }

  /** Parses {@code file}'s content; bad content gets a {@link SealingException} naming the field. */
  static SealingRecord parse(byte[] content, Path file) {
    try {
      JsonNode root = JSON.readTree(content);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      int format = required(root, "format").asInt(-1);
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown format " + root.get("format") + " (expected " + FORMAT + ")");
      }
      Optional<String> policy = Optional.ofNullable(root.get("policy")).map(JsonNode::asText);
      Optional<SealingParameters.KeyDerivation> kdf =
          Optional.ofNullable(root.get("kdf")).map(SealingRecord::kdfFromJson);
      SealingParameters parameters =
          new SealingParameters(required(root, "provider").asText(), policy, kdf);
      return new SealingRecord(parameters, Hex.decode(required(root, "check").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new SealingException(
          SealingException.Reason.DAMAGED_RECORD,
          "the sealing record " + file + " is damaged: " + e.getMessage()
              + " (restore it from a backup of the data dir)",
          e);
    }
  }

  private static ObjectNode kdfToJson(SealingParameters.KeyDerivation kdf) {
    ObjectNode node = JSON.createObjectNode();
    if (kdf instanceof SealingParameters.Scrypt scrypt) {
      node.put("function", SCRYPT);
      node.put("salt", scrypt.salt().toHexString());
      node.put("n", scrypt.n());
      node.put("r", scrypt.r());
      node.put("p", scrypt.p());
    } else if (kdf instanceof SealingParameters.Hkdf hkdf) {
      node.put("function", HKDF_SHA256);
      node.put("salt", hkdf.salt().toHexString());
      node.put("info", hkdf.info());
    }
    return node;
  }

  private static SealingParameters.KeyDerivation kdfFromJson(JsonNode node) {
    String function = required(node, "function").asText();
    Bytes32 salt = Bytes32.fromHex(required(node, "salt").asText());
    switch (function) {
      case SCRYPT:
        return new SealingParameters.Scrypt(
            salt, required(node, "n").asInt(), required(node, "r").asInt(), required(node, "p").asInt());
      case HKDF_SHA256:
        return new SealingParameters.Hkdf(salt, required(node, "info").asText());
      default:
        throw new IllegalArgumentException("kdf.function '" + function + "' is unknown");
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  /** Binds the check value to the parameters, so editing them is detected like a wrong key. */
  private static byte[] checkContext(SealingParameters parameters) {
    return ("vigil/sealing-check/v1 " + parameters.flags()).getBytes(StandardCharsets.UTF_8);
  }
}
