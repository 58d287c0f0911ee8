package dev.vigil.spec;

import java.util.Arrays;

/**
 * An SSZ Bitvector value as its bytes (bit i at byte i/8, bit i%8). Its size comes from the preset
 * (SYNC_COMMITTEE_SIZE, MAX_COMMITTEES_PER_SLOT …), so it is checked when the root is computed.
 */
public final class Bitvector {
  private final byte[] bytes;

  public Bitvector(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** Parses 0x-hex. */
  public static Bitvector fromHex(String hex) {
    return new Bitvector(Hex.decode(hex));
  }

  /** A bitvector of {@code size} bits with the given ones set. */
  public static Bitvector of(int size, int... setBits) {
    byte[] bytes = new byte[(size + 7) / 8];
    for (int bit : setBits) {
      if (bit < 0 || bit >= size) {
        throw new IndexOutOfBoundsException("bit " + bit + " of a bitvector of " + size);
      }
      bytes[bit / 8] |= (byte) (1 << (bit % 8));
    }
    return new Bitvector(bytes);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public boolean get(int index) {
    return (bytes[index / 8] & (1 << (index % 8))) != 0;
  }

  /** Throws unless these bytes are a Bitvector[size]: ceil(size/8) bytes, no bit set at or above size. */
  public void checkSize(int size) {
    if (bytes.length != (size + 7) / 8) {
      throw new IllegalArgumentException(
          "bitvector of " + size + " bits needs " + (size + 7) / 8 + " bytes, got " + bytes.length);
    }
    if (size % 8 != 0 && (bytes[bytes.length - 1] & 0xff) >>> (size % 8) != 0) {
      throw new IllegalArgumentException("bitvector of " + size + " bits has bits set beyond its size");
    }
  }

  public String toHexString() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bitvector that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
