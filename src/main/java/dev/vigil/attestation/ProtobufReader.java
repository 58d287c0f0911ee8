package dev.vigil.attestation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of the protobuf wire format to read a few fields of a message: varints and
 * length-delimited fields by number; other wire types (fixed 32/64) are skipped. A field given more
 * than once is returned in order ({@link #all}); {@link #last} follows protobuf's "last one wins".
 */
final class ProtobufReader {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  /** One field occurrence: its number, and its value (varint) or bytes (length-delimited). */
  record Field(int number, long varint, byte[] bytes) {}

  private final List<Field> fields = new ArrayList<>();

  ProtobufReader(byte[] message, String what) {
    int at = 0;
    while (at < message.length) {
      long[] key = varint(message, at, what);
      at = (int) key[1];
      int number = (int) (key[0] >>> 3);
      int wireType = (int) (key[0] & 7);
      switch (wireType) {
        case VARINT -> {
          long[] value = varint(message, at, what);
          fields.add(new Field(number, value[0], null));
          at = (int) value[1];
        }
        case LENGTH_DELIMITED -> {
          long[] length = varint(message, at, what);
          at = (int) length[1];
          if (length[0] < 0 || length[0] > message.length - at) {
            throw new IllegalArgumentException(what + ": field " + number + " runs past the end of the message");
          }
          fields.add(new Field(number, 0, Arrays.copyOfRange(message, at, at + (int) length[0])));
          at += (int) length[0];
        }
        case FIXED64 -> at = skip(message, at, 8, number, what);
        case FIXED32 -> at = skip(message, at, 4, number, what);
        default -> throw new IllegalArgumentException(what + ": field " + number + " has unsupported wire type " + wireType);
      }
    }
  }

  List<byte[]> all(int number) {
    return fields.stream().filter(f -> f.number() == number && f.bytes() != null).map(Field::bytes).toList();
  }

  Optional<byte[]> last(int number) {
    List<byte[]> all = all(number);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  Optional<Long> lastVarint(int number) {
    return fields.stream().filter(f -> f.number() == number && f.bytes() == null).map(Field::varint).reduce((a, b) -> b);
  }

  private static int skip(byte[] message, int at, int length, int number, String what) {
    if (length > message.length - at) {
      throw new IllegalArgumentException(what + ": field " + number + " runs past the end of the message");
    }
    return at + length;
  }

  /** {value, next offset} of the varint at {@code at}. */
  private static long[] varint(byte[] message, int at, String what) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= message.length) {
        throw new IllegalArgumentException(what + ": truncated varint");
      }
      byte b = message[at++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return new long[] {value, at};
      }
    }
    throw new IllegalArgumentException(what + ": varint longer than 10 bytes");
  }
}
