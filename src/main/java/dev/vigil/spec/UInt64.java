package dev.vigil.spec;

/**
 * uint64 values. Java has no unsigned long, so a uint64 is carried in a {@code long} and always
 * parsed, printed and compared as unsigned: every value up to 2^64−1 is valid.
 */
public final class UInt64 {
  /** 2^64−1 has 20 decimal digits; longer text is refused before any parsing. */
  public static final int MAX_DIGITS = 20;

  private UInt64() {}

  /** Parses a decimal uint64; the message names {@code field} when the text is not one. */
  public static long parse(String field, String text) {
    String problem = problem(text);
    if (problem != null) {
      String echo = text == null ? "" : ": " + InputEcho.bounded(text);
      throw new IllegalArgumentException(field + ": " + problem + echo);
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": out of range for uint64: " + text);
    }
  }

  /**
   * What makes {@code text} unfit to be parsed as a decimal uint64 (missing, too long, not digits),
   * or null when it may be parsed; looks at no more than {@link #MAX_DIGITS} + 1 characters.
   */
  public static String problem(String text) {
    if (text == null) {
      return "missing uint64 value";
    }
    if (text.isEmpty()) {
      return "not a decimal uint64";
    }
    if (text.length() > MAX_DIGITS) {
      return "more than " + MAX_DIGITS + " digits, out of range for uint64";
    }
    if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "not a decimal uint64";
    }
    return null;
  }

  public static String toString(long value) {
    return Long.toUnsignedString(value);
  }

  public static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }
}
