package dev.vigil.spec;

import java.time.Instant;

/**
 * A chain's slot clock: its genesis time (Unix seconds, uint64), its slot duration, and where the
 * genesis time came from (for the operator's log). A genesis time that is only a lower bound of the
 * real one (MIN_GENESIS_TIME) puts the clock ahead, never behind.
 */
public record GenesisClock(long genesisTime, long slotDurationMillis, String source) {
  public GenesisClock {
    if (slotDurationMillis <= 0) {
      throw new IllegalArgumentException("slot duration must be positive, got " + slotDurationMillis + " ms");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("genesis clock: source missing");
    }
  }

  /** The slot at {@code now}: 0 before genesis. */
  public long slotAt(Instant now) {
    long seconds = now.getEpochSecond();
    if (seconds < 0 || Long.compareUnsigned(seconds, genesisTime) <= 0) {
      return 0;
    }
    long elapsedMillis = (seconds - genesisTime) * 1000 + now.getNano() / 1_000_000;
    return elapsedMillis / slotDurationMillis;
  }
}
