package dev.vigil.spec;

/**
 * uint64 values. Java has no unsigned long, so a uint64 is carried in a {@code long} and always
 * parsed, printed and compared as unsigned: every value up to 2^64−1 is valid.
 */
public final class UInt64 {
  private UInt64() {}

  /** Parses a decimal uint64; the message names {@code field} when the text is not one. */
  public static long parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(field + ": missing uint64 value");
    }
    if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(field + ": not a decimal uint64: " + text);
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": out of range for uint64: " + text);
    }
  }

  public static String toString(long value) {
    return Long.toUnsignedString(value);
  }

  public static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }
}
