package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.protection.Highs;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.json.JsonField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The payload of a freshness message (see {@link FreshnessEnvelope}). A request: what the signer
 * asks ({@code raise} these highs, or {@code read} all of them), for which identity and chain, with
 * its counter and a fresh nonce. A response: the same kind, identity, counter and nonce, the chain
 * the witness keeps for the identity (absent when it was never told anything) and the highs it
 * keeps afterwards.
 *
 * <p>JSON: {@code {"kind","signer_identity","genesis_validators_root","counter","nonce",
 * "highs":[{"pubkey","block_slot","attestation_source","attestation_target"}]}}, uint64 as decimal
 * strings, absent values left out.
 */
record FreshnessMessage(
    Kind kind,
    String signerIdentity,
    Optional<Bytes32> genesisValidatorsRoot,
    long counter,
    Bytes32 nonce,
    Map<BLSPubkey, Highs> highs) {
  /**
   * Keys in one answer at most (a read answers with every key kept for the identity): more than any
   * signer holds. A request carries at most {@link WitnessLink#MAX_BATCH_KEYS}.
   */
  static final int MAX_ANSWER_KEYS = 1 << 18;
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind {
    RAISE,
    READ
  }

  FreshnessMessage {
    highs = Map.copyOf(highs);
  }

  /** The answer to this request: same kind, identity, counter and nonce. */
  FreshnessMessage answer(Optional<Bytes32> keptChain, Map<BLSPubkey, Highs> keptHighs) {
    return new FreshnessMessage(kind, signerIdentity, keptChain, counter, nonce, keptHighs);
  }

  String toPayload() {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", kind.name().toLowerCase(Locale.ROOT));
    node.put("signer_identity", signerIdentity);
    genesisValidatorsRoot.ifPresent(root -> node.put("genesis_validators_root", root.toHexString()));
    node.put("counter", Long.toUnsignedString(counter));
    node.put("nonce", nonce.toHexString());
    ArrayNode list = node.putArray("highs");
    highs.forEach((pubkey, high) -> {
      ObjectNode entry = list.addObject();
      entry.put("pubkey", pubkey.toHexString());
      high.blockSlot().ifPresent(v -> entry.put("block_slot", Long.toUnsignedString(v)));
      high.attestationSource().ifPresent(v -> entry.put("attestation_source", Long.toUnsignedString(v)));
      high.attestationTarget().ifPresent(v -> entry.put("attestation_target", Long.toUnsignedString(v)));
    });
    return FreshnessEnvelope.toPayload(node);
  }

  /**
   * Parses a payload of at most {@code maxKeys} highs (counted before any is decoded); a bad field
   * gets an IllegalArgumentException naming it.
   */
  static FreshnessMessage fromPayload(JsonNode node, int maxKeys) {
    JsonField root = JsonField.root(node);
    String kindText = root.get("kind").text();
    Kind kind = switch (kindText) {
      case "raise" -> Kind.RAISE;
      case "read" -> Kind.READ;
      default -> throw root.get("kind").error("expected raise or read, got '" + kindText + "'");
    };
    List<Map.Entry<BLSPubkey, Highs>> entries = root.get("highs").list(maxKeys, FreshnessMessage::entry);
    Map<BLSPubkey, Highs> highs = new LinkedHashMap<>();
    for (Map.Entry<BLSPubkey, Highs> entry : entries) {
      if (highs.put(entry.getKey(), entry.getValue()) != null) {
        throw root.get("highs").error("pubkey " + entry.getKey() + " listed twice");
      }
    }
    return new FreshnessMessage(
        kind,
        root.get("signer_identity").text(),
        root.find("genesis_validators_root").map(JsonField::bytes32),
        root.get("counter").uint64(),
        root.get("nonce").bytes32(),
        highs);
  }

  private static Map.Entry<BLSPubkey, Highs> entry(JsonField field) {
    OptionalLong source = optional(field, "attestation_source");
    OptionalLong target = optional(field, "attestation_target");
    if (source.isPresent() != target.isPresent()) {
      throw field.error("attestation_source and attestation_target come together");
    }
    return Map.entry(field.get("pubkey").pubkey(), new Highs(optional(field, "block_slot"), source, target));
  }

  private static OptionalLong optional(JsonField field, String name) {
    return field.find(name).map(f -> OptionalLong.of(f.uint64())).orElse(OptionalLong.empty());
  }
}
