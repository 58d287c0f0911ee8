package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.attestation.Evidence;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.json.BoundedJson;
import dev.vigil.spec.json.JsonField;
import java.time.Instant;
import java.util.Optional;

/**
 * What a receiving signer publishes to start a migration: an ephemeral X25519 public key that lives
 * only in its memory, the caller's nonce (zero-padded to 32 bytes), evidence whose report data is
 * SHA-256("vigil/migrate/v1" ‖ public key ‖ nonce) ‖ nonce, and the chain its slashing protection is
 * pinned to, if any, so that the sender can refuse before exporting anything the receiver could not
 * import, and when it expires by the receiver's clock (the sender exports nothing to it after that).
 *
 * <p>JSON: {@code {"public_key","nonce","evidence","genesis_validators_root","expires_at"}} (0x-hex;
 * the root is absent when nothing is pinned; {@code expires_at} in Unix seconds as a decimal string).
 */
public record MigrationOffer(
    Bytes32 publicKey, Bytes32 nonce, Evidence evidence, Optional<Bytes32> genesisValidatorsRoot, Instant expiresAt) {
  private static final ObjectMapper JSON = BoundedJson.mapper();

  public ObjectNode toJsonNode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("public_key", publicKey.toHexString());
    node.put("nonce", nonce.toHexString());
    node.set("evidence", evidence.toJsonNode());
    genesisValidatorsRoot.ifPresent(root -> node.put("genesis_validators_root", root.toHexString()));
    node.put("expires_at", Long.toUnsignedString(expiresAt.getEpochSecond()));
    return node;
  }

  /** Parses the JSON form found at {@code path}; a bad field gets an exception naming it. */
  public static MigrationOffer fromJson(JsonNode node, String path) {
    JsonField offer = JsonField.at(node, path);
    JsonField evidence = offer.get("evidence");
    Evidence parsed;
    try {
      parsed = Evidence.fromJsonNode(evidence.node());
    } catch (IllegalArgumentException e) {
      throw evidence.error(e.getMessage());
    }
    return new MigrationOffer(
        offer.get("public_key").bytes32(),
        offer.get("nonce").bytes32(),
        parsed,
        offer.find("genesis_validators_root").map(JsonField::bytes32),
        expiresAt(offer.get("expires_at")));
  }

  private static Instant expiresAt(JsonField field) {
    long seconds = field.uint64();
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw field.error("not a time: " + Long.toUnsignedString(seconds));
    }
    return Instant.ofEpochSecond(seconds);
  }
}
