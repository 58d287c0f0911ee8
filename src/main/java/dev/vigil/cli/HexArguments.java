package dev.vigil.cli;

import dev.vigil.spec.BLSPubkey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Hex on the command line (0x optional): parsed with a message that names the flag and the value. */
final class HexArguments {
  private HexArguments() {}

  static <T> T parse(String flag, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": '" + text + "': " + e.getMessage());
    }
  }

  /** Public keys in the order given; the same key twice is refused. */
  static List<BLSPubkey> distinctPubkeys(String flag, List<String> texts) {
    Set<BLSPubkey> keys = new LinkedHashSet<>();
    for (String text : texts) {
      if (!keys.add(parse(flag, text, BLSPubkey::fromHex))) {
        throw new IllegalArgumentException(flag + ": " + text + " is given twice");
      }
    }
    return new ArrayList<>(keys);
  }
}
