package dev.vigil.protection;

/**
 * How much history to keep behind each validator's newest record: blocks more than {@code
 * slotsToKeep} slots and attestations more than {@code epochsToKeep} target epochs behind the
 * newest are pruned, and the low watermarks rise so that every rule keeps holding. Zero keeps all.
 */
public record PruningPolicy(long slotsToKeep, long epochsToKeep) {
  public static final PruningPolicy OFF = new PruningPolicy(0, 0);

  public PruningPolicy {
    if (slotsToKeep < 0) {
      throw new IllegalArgumentException("slotsToKeep: must not be negative");
    }
    if (epochsToKeep < 0) {
      throw new IllegalArgumentException("epochsToKeep: must not be negative");
    }
  }

  public boolean enabled() {
    return slotsToKeep > 0 || epochsToKeep > 0;
  }
}
