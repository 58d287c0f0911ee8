package dev.vigil.spec;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The beacon-chain genesis time (Unix seconds) of the built-in networks that have a fixed one, from
 * each network's published genesis (MIN_GENESIS_TIME + GENESIS_DELAY where the deposit contract
 * met the threshold before MIN_GENESIS_TIME). Every one of them has 12-second slots.
 */
public final class GenesisTimes {
  public static final long SECONDS_PER_SLOT = 12;

  private static final Map<String, Long> BY_NETWORK = Map.of(
      "mainnet", 1606824023L,
      "sepolia", 1655733600L,
      "holesky", 1695902400L,
      "hoodi", 1742213400L);

  private GenesisTimes() {}

  /** The genesis time of the built-in network {@code name}; empty for others (Ephemery, config.yaml). */
  public static OptionalLong of(String name) {
    Long time = BY_NETWORK.get(name);
    return time == null ? OptionalLong.empty() : OptionalLong.of(time);
  }
}
