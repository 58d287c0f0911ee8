package dev.vigil.protection;

import java.util.List;
import java.util.OptionalLong;

/**
 * The floors a key keeps besides its records: blocks at or below {@code blockSlot}, attestations
 * with a source below {@code attestationSource} or a target at or below {@code attestationTarget}
 * are refused (identical repeats of a recorded message excepted). Pruning raises them to the
 * highest record it deletes; an EIP-3076 import raises them to the file's minima for the key. They
 * only ever rise.
 */
record Watermarks(OptionalLong blockSlot, OptionalLong attestationSource, OptionalLong attestationTarget) {
  static final Watermarks NONE = new Watermarks(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

  /**
   * The floors EIP-3076 sets by importing these records: the minimum slot of the blocks, the
   * minimum source and the minimum target of the attestations (each absent without records).
   */
  static Watermarks minimaOf(List<SignedBlock> blocks, List<SignedAttestation> attestations) {
    OptionalLong slot = OptionalLong.empty();
    for (SignedBlock block : blocks) {
      slot = min(slot, OptionalLong.of(block.slot()));
    }
    OptionalLong source = OptionalLong.empty();
    OptionalLong target = OptionalLong.empty();
    for (SignedAttestation attestation : attestations) {
      source = min(source, OptionalLong.of(attestation.sourceEpoch()));
      target = min(target, OptionalLong.of(attestation.targetEpoch()));
    }
    return new Watermarks(slot, source, target);
  }

  /** The minima over both sets of records (one key listed twice in a file is one history). */
  Watermarks lowest(Watermarks other) {
    return new Watermarks(min(blockSlot, other.blockSlot),
        min(attestationSource, other.attestationSource), min(attestationTarget, other.attestationTarget));
  }

  /** The smaller of two optional uint64s, the present one when only one is. */
  private static OptionalLong min(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Long.compareUnsigned(a.getAsLong(), b.getAsLong()) <= 0 ? a : b;
  }
}
