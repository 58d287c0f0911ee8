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
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("hex value has an odd number of digits");
    }
    try {
      return LOWER.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex value: " + abbreviate(text));
    }
  }

  /** Decodes hex that must be exactly {@code length} bytes long. */
  public static byte[] decode(String text, int length) {
    byte[] bytes = decode(text);
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          "expected " + length + " bytes of hex, got " + bytes.length);
    }
    return bytes;
  }

  /** Lower-case hex with a 0x prefix. */
  public static String encode(byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  /** Lower-case hex without prefix (deposit-data files use this form). */
  public static String encodeBare(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  private static String abbreviate(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "…";
  }
}
