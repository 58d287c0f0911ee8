package dev.vigil.attestation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian reads over quote bytes; running short names the field that did not fit. */
final class QuoteReader {
  private final ByteBuffer buffer;

  QuoteReader(byte[] bytes) {
    this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  int position() {
    return buffer.position();
  }

  byte[] bytes(int length, String field) {
    need(length, field);
    byte[] out = new byte[length];
    buffer.get(out);
    return out;
  }

  int u16(String field) {
    need(2, field);
    return Short.toUnsignedInt(buffer.getShort());
  }

  int u32(String field) {
    need(4, field);
    return buffer.getInt();
  }

  long u64(String field) {
    need(8, field);
    return buffer.getLong();
  }

  /** A u32 length that must fit in what is left. */
  int length(String field) {
    long length = Integer.toUnsignedLong(u32(field));
    if (length > buffer.remaining()) {
      throw new IllegalArgumentException(
          field + ": " + length + " bytes declared, only " + buffer.remaining() + " left");
    }
    return (int) length;
  }

  void skip(int length) {
    need(length, "reserved");
    buffer.position(buffer.position() + length);
  }

  private void need(int length, String field) {
    if (buffer.remaining() < length) {
      throw new IllegalArgumentException(
          field + ": truncated at byte " + buffer.position() + " (need " + length + ", have "
              + buffer.remaining() + ")");
    }
  }
}
