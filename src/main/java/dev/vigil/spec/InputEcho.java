package dev.vigil.spec;

/**
 * Quoting attacker-chosen text in an error message: at most {@link #MAX_CHARS} characters, so a
 * multi-megabyte field is never echoed back (or logged) whole.
 */
public final class InputEcho {
  /** How much of a bad value an error message repeats. */
  public static final int MAX_CHARS = 64;

  private InputEcho() {}

  /** {@code text} itself when short, else its first {@link #MAX_CHARS} characters, "…" and its length. */
  public static String bounded(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    return text.substring(0, MAX_CHARS) + "… (" + text.length() + " characters)";
  }
}
