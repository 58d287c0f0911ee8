package dev.vigil.spec;

import java.util.Arrays;

/**
 * An SSZ Bitlist value: {@code size} bits, bit i at byte i/8, bit i%8. On the wire (SSZ and JSON) a
 * bitlist carries one more set bit just above the last one, which marks its length.
 */
public final class Bitlist {
  private final int size;
  private final byte[] packed;

  private Bitlist(int size, byte[] packed) {
    this.size = size;
    this.packed = packed;
  }

  /** Parses the SSZ form (with the length bit); throws when the length bit is missing. */
  public static Bitlist fromSszBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes[bytes.length - 1] == 0) {
      throw new IllegalArgumentException("bitlist lacks its length bit (last byte is zero or absent)");
    }
    int last = bytes[bytes.length - 1] & 0xff;
    int highBit = 31 - Integer.numberOfLeadingZeros(last);
    int size = (bytes.length - 1) * 8 + highBit;
    byte[] packed = Arrays.copyOf(bytes, (size + 7) / 8);
    if (packed.length == bytes.length) {
      packed[packed.length - 1] &= (byte) ((1 << highBit) - 1);
    }
    return new Bitlist(size, packed);
  }

  /** Parses the 0x-hex SSZ form used in JSON. */
  public static Bitlist fromHex(String hex) {
    return fromSszBytes(Hex.decode(hex));
  }

  /** A bitlist of the given bits. */
  public static Bitlist of(boolean... bits) {
    byte[] packed = new byte[(bits.length + 7) / 8];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        packed[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return new Bitlist(bits.length, packed);
  }

  public int size() {
    return size;
  }

  public boolean get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("bit " + index + " of a bitlist of " + size);
    }
    return (packed[index / 8] & (1 << (index % 8))) != 0;
  }

  /** The bits without the length bit, ceil(size/8) bytes (what hash_tree_root packs). */
  public byte[] packedBits() {
    return packed.clone();
  }

  /** The SSZ form with the length bit. */
  public byte[] toSszBytes() {
    byte[] bytes = Arrays.copyOf(packed, size / 8 + 1);
    bytes[size / 8] |= (byte) (1 << (size % 8));
    return bytes;
  }

  public String toHexString() {
    return Hex.encode(toSszBytes());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bitlist that && size == that.size && Arrays.equals(packed, that.packed);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
