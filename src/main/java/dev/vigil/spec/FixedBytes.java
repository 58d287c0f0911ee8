package dev.vigil.spec;

import java.util.Arrays;

/** An immutable byte string of a length fixed by its type (Root, Version, BLSPubkey …). */
public abstract class FixedBytes implements Comparable<FixedBytes> {
  private final byte[] bytes;

  protected FixedBytes(byte[] bytes, int length) {
    if (bytes == null || bytes.length != length) {
      throw new IllegalArgumentException(
          "expected " + length + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    this.bytes = bytes.clone();
  }

  /** A copy of the bytes. */
  public final byte[] toArray() {
    return bytes.clone();
  }

  /** The bytes without copying; callers must not modify them. */
  protected final byte[] unsafeBytes() {
    return bytes;
  }

  public final int length() {
    return bytes.length;
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public final void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  public final String toHexString() {
    return Hex.encode(bytes);
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && Arrays.equals(bytes, ((FixedBytes) other).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public final int compareTo(FixedBytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public final String toString() {
    return toHexString();
  }
}
