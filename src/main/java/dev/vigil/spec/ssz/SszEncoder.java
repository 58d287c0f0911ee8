package dev.vigil.spec.ssz;

import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.FixedBytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Serializes one SSZ container field by field: fixed-size fields go inline, variable-size fields
 * leave a 4-byte offset inline and their bytes after the fixed part.
 */
public final class SszEncoder {
  private static final int OFFSET_BYTES = 4;

  private final ByteArrayOutputStream fixed = new ByteArrayOutputStream();
  private final List<Integer> offsetPositions = new ArrayList<>();
  private final List<byte[]> variableParts = new ArrayList<>();

  public SszEncoder uint64(long value) {
    for (int i = 0; i < Long.BYTES; i++) {
      fixed.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  public SszEncoder bytes(FixedBytes value) {
    fixed.writeBytes(value.toArray());
    return this;
  }

  public SszEncoder bitvector(Bitvector value) {
    fixed.writeBytes(value.toArray());
    return this;
  }

  /** A fixed-size composite field (its own serialization goes inline). */
  public SszEncoder fixed(byte[] serialized) {
    fixed.writeBytes(serialized);
    return this;
  }

  /** A variable-size field: an offset inline, the bytes after the fixed part. */
  public SszEncoder variable(byte[] serialized) {
    offsetPositions.add(fixed.size());
    fixed.writeBytes(new byte[OFFSET_BYTES]);
    variableParts.add(serialized);
    return this;
  }

  public SszEncoder bitlist(Bitlist value) {
    return variable(value.toSszBytes());
  }

  public SszEncoder uint64List(List<Long> values) {
    SszEncoder list = new SszEncoder();
    values.forEach(list::uint64);
    return variable(list.finish());
  }

  /** A list of fixed-size elements: their serializations back to back. */
  public <T> SszEncoder fixedList(List<T> elements, Function<T, byte[]> serializer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    elements.forEach(e -> out.writeBytes(serializer.apply(e)));
    return variable(out.toByteArray());
  }

  /** A list of variable-size elements: an offset per element, then the elements. */
  public <T> SszEncoder variableList(List<T> elements, Function<T, byte[]> serializer) {
    SszEncoder list = new SszEncoder();
    elements.forEach(e -> list.variable(serializer.apply(e)));
    return variable(list.finish());
  }

  /** The serialized container, offsets filled in. */
  public byte[] finish() {
    byte[] out = new byte[fixed.size() + variableParts.stream().mapToInt(p -> p.length).sum()];
    byte[] fixedPart = fixed.toByteArray();
    System.arraycopy(fixedPart, 0, out, 0, fixedPart.length);
    int position = fixedPart.length;
    for (int i = 0; i < variableParts.size(); i++) {
      int at = offsetPositions.get(i);
      for (int b = 0; b < OFFSET_BYTES; b++) {
        out[at + b] = (byte) (position >>> (8 * b));
      }
      byte[] part = variableParts.get(i);
      System.arraycopy(part, 0, out, position, part.length);
      position += part.length;
    }
    return out;
  }
}
