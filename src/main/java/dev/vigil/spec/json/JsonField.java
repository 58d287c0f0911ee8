package dev.vigil.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.ByteList;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.ExecutionAddress;
import dev.vigil.spec.Hex;
import dev.vigil.spec.KZGCommitment;
import dev.vigil.spec.UInt64;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A JSON node together with its path from the document root, so that every decoding error can
 * name the field: {@code block.body.attestations[2].data.slot: not a decimal uint64}.
 */
public final class JsonField {
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private final JsonNode node;
  private final String path;

  private JsonField(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The document root (path empty); null or missing means the body itself is missing. */
  public static JsonField root(JsonNode node) {
    return at(node, "");
  }

  /** A node at a given path (for callers that start decoding below the document root). */
  public static JsonField at(JsonNode node, String path) {
    JsonField field = new JsonField(node, path);
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw field.error("missing");
    }
    return field;
  }

  public JsonNode node() {
    return node;
  }

  public String path() {
    return path;
  }

  /** An exception about this field. */
  public SpecJsonException error(String problem) {
    return new SpecJsonException(path, problem);
  }

  /** The required member {@code name} of this object. */
  public JsonField get(String name) {
    return find(name).orElseThrow(() -> new SpecJsonException(childPath(name), "missing"));
  }

  /** The member {@code name}, or else {@code alternative} (a lenient spelling such as camelCase). */
  public JsonField get(String name, String alternative) {
    return find(name).or(() -> find(alternative))
        .orElseThrow(() -> new SpecJsonException(childPath(name), "missing"));
  }

  /** The member {@code name} when present and not null. */
  public Optional<JsonField> find(String name) {
    requireObject();
    JsonNode child = node.get(name);
    return child == null || child.isNull() ? Optional.empty() : Optional.of(new JsonField(child, childPath(name)));
  }

  /** The elements of this array decoded one by one; more than {@code limit} is an error. */
  public <T> List<T> list(long limit, Function<JsonField, T> decoder) {
    if (!node.isArray()) {
      throw error("not an array");
    }
    if (node.size() > limit) {
      throw error("list of " + node.size() + " elements exceeds its limit of " + limit);
    }
    List<T> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(decoder.apply(at(node.get(i), path + "[" + i + "]")));
    }
    return values;
  }

  /** A boolean: JSON true or false. */
  public boolean bool() {
    if (!node.isBoolean()) {
      throw error("not a boolean");
    }
    return node.booleanValue();
  }

  /**
   * A uint64: a decimal string (the beacon-API form) or a JSON integer, 0 to 2^64−1. Text longer
   * than {@link UInt64#MAX_DIGITS} digits is refused before it is parsed.
   */
  public long uint64() {
    if (node.isTextual()) {
      String text = node.textValue();
      String problem = UInt64.problem(text);
      if (problem != null) {
        throw error(problem);
      }
      try {
        return Long.parseUnsignedLong(text);
      } catch (NumberFormatException e) {
        throw error("out of range for uint64");
      }
    }
    if (!node.isIntegralNumber()) {
      throw error("not a decimal uint64");
    }
    // Jackson has already parsed the number, within the reader's maxNumberLength (see BoundedJson).
    BigInteger value = node.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(TWO_TO_64) >= 0) {
      throw error("out of range for uint64");
    }
    return value.longValue();
  }

  public String text() {
    if (!node.isTextual()) {
      throw error("not a string");
    }
    return node.textValue();
  }

  /** 0x-hex bytes of at most {@code limit} bytes (ByteList[limit]). */
  public ByteList byteList(long limit) {
    byte[] bytes = hexBytes();
    if (bytes.length > limit) {
      throw error(bytes.length + " bytes, more than the limit of " + limit);
    }
    return new ByteList(bytes);
  }

  /** A uint256 as a decimal string (the beacon-API form), 0 to 2^256−1. */
  public BigInteger uint256() {
    String text = text();
    if (text.isEmpty() || text.length() > 78 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw error("not a decimal uint256");
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() > 256) {
      throw error("above 2^256-1");
    }
    return value;
  }

  /** 0x-hex bytes of any length. */
  public byte[] hexBytes() {
    return hexBytes(Hex::decode);
  }

  /** 0x-hex bytes, exactly {@code length} of them: a text of another length is refused before it is decoded. */
  public byte[] hexBytes(int length) {
    return fixed(length);
  }

  /** 0x-hex bytes, at most {@code maxLength} of them: a longer text is refused before it is decoded. */
  public byte[] hexBytesAtMost(int maxLength) {
    return hexBytes(text -> Hex.decodeAtMost(text, maxLength));
  }

  private byte[] hexBytes(Function<String, byte[]> decoder) {
    String text = text();
    try {
      return decoder.apply(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  public Bytes4 bytes4() {
    return new Bytes4(fixed(Bytes4.SIZE));
  }

  public Bytes32 bytes32() {
    return new Bytes32(fixed(Bytes32.SIZE));
  }

  public BLSPubkey pubkey() {
    return new BLSPubkey(fixed(BLSPubkey.SIZE));
  }

  public KZGCommitment kzgCommitment() {
    return new KZGCommitment(fixed(KZGCommitment.SIZE));
  }

  public BLSSignature signature() {
    return new BLSSignature(fixed(BLSSignature.SIZE));
  }

  public ExecutionAddress executionAddress() {
    return new ExecutionAddress(fixed(ExecutionAddress.SIZE));
  }

  /** A Bitlist[limit] in its SSZ hex form (with the length bit). */
  public Bitlist bitlist(long limit) {
    byte[] bytes = hexBytesAtMost((int) Math.min(Integer.MAX_VALUE, limit / 8 + 1));
    Bitlist bits;
    try {
      bits = Bitlist.fromSszBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    if (bits.size() > limit) {
      throw error("bitlist of " + bits.size() + " bits exceeds its limit of " + limit);
    }
    return bits;
  }

  /** A Bitvector[size] as hex. */
  public Bitvector bitvector(int size) {
    Bitvector bits = new Bitvector(hexBytesAtMost((size + 7) / 8));
    try {
      bits.checkSize(size);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    return bits;
  }

  private byte[] fixed(int length) {
    return hexBytes(text -> Hex.decode(text, length));
  }

  private void requireObject() {
    if (!node.isObject()) {
      throw error("not an object");
    }
  }

  private String childPath(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
