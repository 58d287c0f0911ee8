package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The slashing-protection rules of EIP-3076 ("complete" strategy, history kept in full) over the
 * history a store found for one request. Pure: the stores fetch, these decide.
 */
final class Rules {
  private Rules() {}

  static Decision checkBlock(long slot, Bytes32 signingRoot, BlockHistory history) {
    if (history.atSlot().isPresent()) {
      SignedBlock existing = history.atSlot().get();
      // Re-signing the identical block is harmless and lets a client retry after a crash.
      return existing.signingRoot().equals(Optional.of(signingRoot))
          ? Decision.ACCEPTED
          : refused(new Refusal.DoubleProposal(existing));
    }
    OptionalLong floor = max(history.watermark(), history.lowestSlot());
    if (floor.isPresent() && Long.compareUnsigned(slot, floor.getAsLong()) <= 0) {
      return refused(new Refusal.BlockSlotBelowWatermark(slot, floor.getAsLong()));
    }
    return Decision.ACCEPTED;
  }

  static Decision checkAttestation(
      long source, long target, Bytes32 signingRoot, AttestationHistory history) {
    if (Long.compareUnsigned(source, target) > 0) {
      return refused(new Refusal.SourceAfterTarget(source, target));
    }
    for (SignedAttestation existing : history.sameTarget()) {
      if (existing.sourceEpoch() == source && existing.signingRoot().equals(Optional.of(signingRoot))) {
        return Decision.ACCEPTED;
      }
    }
    if (!history.sameTarget().isEmpty()) {
      return refused(new Refusal.DoubleVote(history.sameTarget().get(0)));
    }
    OptionalLong sourceFloor = max(history.lowestSource(), history.watermarks().attestationSource());
    if (sourceFloor.isPresent() && Long.compareUnsigned(source, sourceFloor.getAsLong()) < 0) {
      return refused(new Refusal.SourceBelowWatermark(source, sourceFloor.getAsLong()));
    }
    OptionalLong targetFloor = max(history.lowestTarget(), history.watermarks().attestationTarget());
    if (targetFloor.isPresent() && Long.compareUnsigned(target, targetFloor.getAsLong()) <= 0) {
      return refused(new Refusal.TargetBelowWatermark(target, targetFloor.getAsLong()));
    }
    if (history.surrounding().isPresent()) {
      return refused(new Refusal.SurroundedByPrevious(history.surrounding().get()));
    }
    if (history.surrounded().isPresent()) {
      return refused(new Refusal.SurroundsPrevious(history.surrounded().get()));
    }
    return Decision.ACCEPTED;
  }

  /** The larger of two optional uint64s (either may be absent). */
  static OptionalLong max(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Long.compareUnsigned(a.getAsLong(), b.getAsLong()) >= 0 ? a : b;
  }

  private static Decision refused(Refusal refusal) {
    return new Decision.Refused(refusal);
  }
}
