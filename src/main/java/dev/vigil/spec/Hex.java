package dev.vigil.spec;

import java.util.HexFormat;

/** Hex text as used on the wire and the command line: "0x" optional on input, always written on output. */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /** Decodes hex with or without a 0x prefix; throws {@link IllegalArgumentException} naming the problem. */
  public static byte[] decode(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing hex value");
    }
    String digits = digits(text);
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("hex value has an odd number of digits");
    }
    try {
      return LOWER.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex value: " + InputEcho.bounded(text));
    }
  }

  /** Decodes hex that must be exactly {@code length} bytes long; the length is checked before decoding. */
  public static byte[] decode(String text, int length) {
    int bytes = byteLength(text);
    if (bytes != length) {
      throw new IllegalArgumentException("expected " + length + " bytes of hex, got " + bytes);
    }
    return decode(text);
  }

  /** Decodes hex of at most {@code maxLength} bytes; the length is checked before decoding. */
  public static byte[] decodeAtMost(String text, int maxLength) {
    int bytes = byteLength(text);
    if (bytes > maxLength) {
      throw new IllegalArgumentException("expected at most " + maxLength + " bytes of hex, got " + bytes);
    }
    return decode(text);
  }

  /** How many bytes {@code text} would decode to (odd digits rounded up), without decoding it. */
  private static int byteLength(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing hex value");
    }
    return (text.length() - (hasPrefix(text) ? 2 : 0) + 1) / 2;
  }

  private static boolean hasPrefix(String text) {
    return text.startsWith("0x") || text.startsWith("0X");
  }

  private static String digits(String text) {
    return hasPrefix(text) ? text.substring(2) : text;
  }

  /** Lower-case hex with a 0x prefix. */
  public static String encode(byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  /** Lower-case hex without prefix (deposit-data files use this form). */
  public static String encodeBare(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }
}
