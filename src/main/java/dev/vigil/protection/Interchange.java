package dev.vigil.protection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The EIP-3076 slashing-protection interchange format, version 5. Reading validates every field
 * (the message names the first bad one); the data array is streamed one validator at a time.
 */
public record Interchange(Bytes32 genesisValidatorsRoot, List<ValidatorHistory> data) {
  public static final String FORMAT_VERSION = "5";

  /** One validator's signed messages as listed in a file. */
  public record ValidatorHistory(
      BLSPubkey pubkey, List<SignedBlock> signedBlocks, List<SignedAttestation> signedAttestations) {}

  private static final ObjectMapper MAPPER = BoundedJson.mapper();

  /** Parses and validates a whole file; throws {@link InterchangeException} naming the bad field. */
  public static Interchange read(InputStream json) {
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InterchangeException("interchange: expected a JSON object");
      }
      Bytes32 gvr = null;
      List<ValidatorHistory> data = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("metadata")) {
          gvr = readMetadata(parser.readValueAsTree());
        } else if (field.equals("data")) {
          data = readData(parser);
        } else {
          parser.skipChildren();
        }
      }
      if (gvr == null) {
        throw new InterchangeException("metadata: missing");
      }
      if (data == null) {
        throw new InterchangeException("data: missing");
      }
      return new Interchange(gvr, data);
    } catch (JsonProcessingException e) {
      throw new InterchangeException("interchange: not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InterchangeException("interchange: cannot read: " + e.getMessage(), e);
    }
  }

  private static Bytes32 readMetadata(JsonNode metadata) {
    if (metadata == null || !metadata.isObject()) {
      throw new InterchangeException("metadata: expected an object");
    }
    String version = text(metadata, "interchange_format_version", "metadata.interchange_format_version");
    if (!version.equals(FORMAT_VERSION)) {
      throw new InterchangeException(
          "metadata.interchange_format_version: unsupported version " + version + " (only " + FORMAT_VERSION + ")");
    }
    return root(text(metadata, "genesis_validators_root", "metadata.genesis_validators_root"),
        "metadata.genesis_validators_root");
  }

  private static List<ValidatorHistory> readData(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new InterchangeException("data: expected an array");
    }
    List<ValidatorHistory> data = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      data.add(readValidator(parser.readValueAsTree(), "data[" + data.size() + "]"));
    }
    return data;
  }

  private static ValidatorHistory readValidator(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InterchangeException(where + ": expected an object");
    }
    BLSPubkey pubkey;
    String pubkeyText = text(node, "pubkey", where + ".pubkey");
    try {
      pubkey = BLSPubkey.fromHex(pubkeyText);
    } catch (IllegalArgumentException e) {
      throw new InterchangeException(where + ".pubkey: " + e.getMessage());
    }
    JsonNode blocks = array(node, "signed_blocks", where);
    List<SignedBlock> signedBlocks = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      String at = where + ".signed_blocks[" + i + "]";
      JsonNode block = object(blocks.get(i), at);
      signedBlocks.add(new SignedBlock(uint64(block, "slot", at), optionalRoot(block, at)));
    }
    JsonNode attestations = array(node, "signed_attestations", where);
    List<SignedAttestation> signedAttestations = new ArrayList<>(attestations.size());
    for (int i = 0; i < attestations.size(); i++) {
      String at = where + ".signed_attestations[" + i + "]";
      JsonNode attestation = object(attestations.get(i), at);
      signedAttestations.add(new SignedAttestation(
          uint64(attestation, "source_epoch", at),
          uint64(attestation, "target_epoch", at),
          optionalRoot(attestation, at)));
    }
    return new ValidatorHistory(pubkey, signedBlocks, signedAttestations);
  }

  private static JsonNode array(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InterchangeException(where + "." + field + ": missing");
    }
    if (!value.isArray()) {
      throw new InterchangeException(where + "." + field + ": expected an array");
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new InterchangeException(where + ": expected an object");
    }
    return node;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InterchangeException(where + ": missing");
    }
    if (!value.isTextual()) {
      throw new InterchangeException(where + ": expected a string");
    }
    return value.asText();
  }

  private static long uint64(JsonNode node, String field, String where) {
    try {
      return UInt64.parse(where + "." + field, text(node, field, where + "." + field));
    } catch (IllegalArgumentException e) {
      throw new InterchangeException(e.getMessage());
    }
  }

  private static Optional<Bytes32> optionalRoot(JsonNode node, String where) {
    JsonNode value = node.get("signing_root");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new InterchangeException(where + ".signing_root: expected a string");
    }
    return Optional.of(root(value.asText(), where + ".signing_root"));
  }

  private static Bytes32 root(String text, String where) {
    try {
      return Bytes32.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new InterchangeException(where + ": " + e.getMessage());
    }
  }

  /** Streams an interchange file: call {@link #writeValidator} per key, then {@link #finish}. */
  static final class Writer {
    private final JsonGenerator json;

    Writer(OutputStream out, Bytes32 genesisValidatorsRoot) throws IOException {
      json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeObjectFieldStart("metadata");
      json.writeStringField("interchange_format_version", FORMAT_VERSION);
      json.writeStringField("genesis_validators_root", genesisValidatorsRoot.toHexString());
      json.writeEndObject();
      json.writeArrayFieldStart("data");
    }

    void writeValidator(ValidatorHistory validator) throws IOException {
      json.writeStartObject();
      json.writeStringField("pubkey", validator.pubkey().toHexString());
      json.writeArrayFieldStart("signed_blocks");
      for (SignedBlock block : validator.signedBlocks()) {
        json.writeStartObject();
        json.writeStringField("slot", UInt64.toString(block.slot()));
        if (block.signingRoot().isPresent()) {
          json.writeStringField("signing_root", block.signingRoot().get().toHexString());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("signed_attestations");
      for (SignedAttestation attestation : validator.signedAttestations()) {
        json.writeStartObject();
        json.writeStringField("source_epoch", UInt64.toString(attestation.sourceEpoch()));
        json.writeStringField("target_epoch", UInt64.toString(attestation.targetEpoch()));
        if (attestation.signingRoot().isPresent()) {
          json.writeStringField("signing_root", attestation.signingRoot().get().toHexString());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }

    void finish() throws IOException {
      json.writeEndArray();
      json.writeEndObject();
      json.flush();
    }
  }

}
