package dev.vigil.spec;

/** One scheduled fork of a network: from {@code epoch} (uint64) on, {@code version} is in force. */
public record ForkSchedule(ForkName fork, Bytes4 version, long epoch) {
  public ForkSchedule {
    if (fork == null || version == null) {
      throw new IllegalArgumentException("fork schedule entry needs a fork name and a version");
    }
  }
}
