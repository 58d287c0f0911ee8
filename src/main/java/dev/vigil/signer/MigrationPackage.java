package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import dev.vigil.spec.json.JsonField;
import java.util.List;
import java.util.Optional;

/**
 * Keys in transit from one signer to another: each secret encrypted to the receiver's ephemeral key
 * ({@code recipientPublicKey}, from its offer) with the sender's ephemeral key, and the keys'
 * complete EIP-3076 history (absent when the sender never pinned a chain, so it holds none).
 *
 * <p>JSON: {@code {"version":"vigil/migrate/v1","recipient_public_key","sender_public_key","nonce",
 * "slashing_protection" (the EIP-3076 document as a string),"keys":[{"pubkey","ciphertext"}]}}.
 */
public record MigrationPackage(
    Bytes32 recipientPublicKey,
    Bytes32 senderPublicKey,
    Bytes32 nonce,
    Optional<String> slashingProtection,
    List<EncryptedKey> keys) {
  /** At most this many keys per package, as every list Vigil parses is bounded. */
  public static final int MAX_KEYS = 5000;
  private static final ObjectMapper JSON = BoundedJson.mapper();

  /** One secret key: AES-256-GCM nonce ‖ ciphertext ‖ tag, with {@code pubkey} as associated data. */
  public record EncryptedKey(BLSPubkey pubkey, byte[] ciphertext) {
    public EncryptedKey {
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }
  }

  public MigrationPackage {
    keys = List.copyOf(keys);
  }

  /** The public keys in package order. */
  public List<BLSPubkey> pubkeys() {
    return keys.stream().map(EncryptedKey::pubkey).toList();
  }

  public ObjectNode toJsonNode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", MigrationCrypto.VERSION);
    node.put("recipient_public_key", recipientPublicKey.toHexString());
    node.put("sender_public_key", senderPublicKey.toHexString());
    node.put("nonce", nonce.toHexString());
    slashingProtection.ifPresent(history -> node.put("slashing_protection", history));
    ArrayNode list = node.putArray("keys");
    for (EncryptedKey key : keys) {
      list.addObject().put("pubkey", key.pubkey().toHexString()).put("ciphertext", Hex.encode(key.ciphertext()));
    }
    return node;
  }

  /** Parses the JSON form; a bad field gets an exception naming it. */
  public static MigrationPackage fromJson(JsonNode node) {
    JsonField root = JsonField.root(node);
    JsonField version = root.get("version");
    if (!version.text().equals(MigrationCrypto.VERSION)) {
      throw version.error("unsupported package version '" + version.text() + "', expected " + MigrationCrypto.VERSION);
    }
    List<EncryptedKey> keys = root.get("keys").list(MAX_KEYS,
        key -> new EncryptedKey(key.get("pubkey").pubkey(), key.get("ciphertext").hexBytesAtMost(MigrationCrypto.SEALED_SIZE)));
    if (keys.isEmpty()) {
      throw root.get("keys").error("empty");
    }
    return new MigrationPackage(
        root.get("recipient_public_key").bytes32(),
        root.get("sender_public_key").bytes32(),
        root.get("nonce").bytes32(),
        root.find("slashing_protection").map(JsonField::text),
        keys);
  }
}
