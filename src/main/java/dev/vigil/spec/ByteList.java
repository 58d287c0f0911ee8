package dev.vigil.spec;

import java.util.Arrays;

/** Bytes of variable length (ByteList[N], ProgressiveByteList, Transaction); immutable. */
public final class ByteList {
  private final byte[] bytes;

  public ByteList(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** Parses 0x-hex of any length. */
  public static ByteList fromHex(String hex) {
    return new ByteList(Hex.decode(hex));
  }

  public int size() {
    return bytes.length;
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public String toHexString() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteList o && Arrays.equals(o.bytes, bytes);
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
