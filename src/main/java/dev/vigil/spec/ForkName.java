package dev.vigil.spec;

import java.util.Locale;

/** The consensus forks Vigil can sign for, in order. */
public enum ForkName {
  PHASE0,
  ALTAIR,
  BELLATRIX,
  CAPELLA,
  DENEB,
  ELECTRA,
  FULU,
  GLOAS;

  /** The prefix of this fork's keys in a config.yaml (ALTAIR_FORK_VERSION …); PHASE0 uses GENESIS. */
  public String configPrefix() {
    return this == PHASE0 ? "GENESIS" : name();
  }

  /** Parses a fork name in any letter case (as in BLOCK_V2 "version": "DENEB"); "PHASE 0" is accepted too. */
  public static ForkName parse(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown fork '" + InputEcho.bounded(text) + "' (known: " + java.util.Arrays.toString(values()) + ")");
    }
  }
}
