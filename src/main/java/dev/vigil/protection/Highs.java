package dev.vigil.protection;

import java.util.OptionalLong;

/**
 * The highest block slot, attestation source and attestation target of one key (each absent when
 * nothing of its kind is known; source and target are present together). What a freshness witness
 * keeps per key, and what a signer raises its floors to at start (see {@link
 * SlashingProtection#raiseFloors}). uint64 values, compared unsigned.
 */
public record Highs(OptionalLong blockSlot, OptionalLong attestationSource, OptionalLong attestationTarget) {
  public static final Highs NONE = new Highs(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

  public Highs {
    if (attestationSource.isPresent() != attestationTarget.isPresent()) {
      throw new IllegalArgumentException("attestation_source and attestation_target come together");
    }
  }

  public static Highs ofBlock(long slot) {
    return new Highs(OptionalLong.of(slot), OptionalLong.empty(), OptionalLong.empty());
  }

  public static Highs ofAttestation(long source, long target) {
    return new Highs(OptionalLong.empty(), OptionalLong.of(source), OptionalLong.of(target));
  }

  /** Each value the larger of the two. */
  public Highs max(Highs other) {
    return new Highs(Rules.max(blockSlot, other.blockSlot),
        Rules.max(attestationSource, other.attestationSource), Rules.max(attestationTarget, other.attestationTarget));
  }

  /** Whether every value present in {@code other} is present here and at least as high. */
  public boolean covers(Highs other) {
    return covers(blockSlot, other.blockSlot)
        && covers(attestationSource, other.attestationSource)
        && covers(attestationTarget, other.attestationTarget);
  }

  private static boolean covers(OptionalLong high, OptionalLong value) {
    return value.isEmpty() || (high.isPresent() && Long.compareUnsigned(high.getAsLong(), value.getAsLong()) >= 0);
  }

  Watermarks asWatermarks() {
    return new Watermarks(blockSlot, attestationSource, attestationTarget);
  }
}
