package dev.vigil.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.ByteList;
import dev.vigil.spec.FixedBytes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Encodes spec containers into the beacon-API JSON form that {@link SpecJsonDecoder} reads: the
 * record component names in snake_case (signedHeader1 → signed_header_1), uint64 as decimal strings,
 * bytes as 0x-hex, bitlists with their length bit.
 */
public final class SpecJsonEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern UPPER = Pattern.compile("([A-Z])");
  private static final Pattern TRAILING_DIGITS = Pattern.compile("([a-z])(\\d+)$");

  private SpecJsonEncoder() {}

  /** The JSON object of a container record (any record of dev.vigil.spec). */
  public static ObjectNode toJson(Record container) {
    ObjectNode object = NODES.objectNode();
    for (RecordComponent component : container.getClass().getRecordComponents()) {
      object.set(snakeCase(component.getName()), value(read(component, container)));
    }
    return object;
  }

  /** signedHeader1 → signed_header_1, eth1Data → eth1_data, beaconBlockRoot → beacon_block_root. */
  static String snakeCase(String camelCase) {
    String separated = TRAILING_DIGITS.matcher(camelCase).replaceFirst("$1_$2");
    return UPPER.matcher(separated).replaceAll("_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonNode value(Object value) {
    if (value instanceof Long l) {
      return NODES.textNode(Long.toUnsignedString(l));
    }
    if (value instanceof FixedBytes bytes) {
      return NODES.textNode(bytes.toHexString());
    }
    if (value instanceof ByteList bytes) {
      return NODES.textNode(bytes.toHexString());
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof BigInteger uint256) {
      return NODES.textNode(uint256.toString());
    }
    if (value instanceof Bitlist bits) {
      return NODES.textNode(bits.toHexString());
    }
    if (value instanceof Bitvector bits) {
      return NODES.textNode(bits.toHexString());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(element -> array.add(value(element)));
      return array;
    }
    if (value instanceof Record record) {
      return toJson(record);
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getSimpleName());
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
