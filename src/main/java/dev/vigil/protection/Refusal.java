package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;

/** Why a message was refused: a closed set of reasons, each carrying what it conflicts with. */
public sealed interface Refusal {
  /** The named reason, for callers and tests that dispatch on it. */
  Reason reason();

  /** A sentence for the operator, naming the conflicting record. */
  String message();

  enum Reason {
    DOUBLE_PROPOSAL,
    DOUBLE_VOTE,
    SURROUNDS_PREVIOUS,
    SURROUNDED_BY_PREVIOUS,
    /** A block slot, attestation source or attestation target below the low watermark. */
    BELOW_WATERMARK,
    SOURCE_AFTER_TARGET,
    WRONG_CHAIN,
    /** A slot or epoch further past the network's wall clock than the signer allows. */
    BEYOND_WALL_CLOCK
  }

  record DoubleProposal(SignedBlock existing) implements Refusal {
    public Reason reason() {
      return Reason.DOUBLE_PROPOSAL;
    }

    public String message() {
      return "double proposal: slot " + UInt64.toString(existing.slot()) + " already signed"
          + existing.signingRoot().map(r -> " with root " + r).orElse(" (imported without signing root)");
    }
  }

  record DoubleVote(SignedAttestation existing) implements Refusal {
    public Reason reason() {
      return Reason.DOUBLE_VOTE;
    }

    public String message() {
      return "double vote: target epoch " + UInt64.toString(existing.targetEpoch()) + " already signed"
          + existing.signingRoot().map(r -> " with root " + r).orElse(" (imported without signing root)")
          + " (source epoch " + UInt64.toString(existing.sourceEpoch()) + ")";
    }
  }

  record SurroundsPrevious(SignedAttestation existing) implements Refusal {
    public Reason reason() {
      return Reason.SURROUNDS_PREVIOUS;
    }

    public String message() {
      return "surround vote: would surround the signed attestation " + existing;
    }
  }

  record SurroundedByPrevious(SignedAttestation existing) implements Refusal {
    public Reason reason() {
      return Reason.SURROUNDED_BY_PREVIOUS;
    }

    public String message() {
      return "surround vote: surrounded by the signed attestation " + existing;
    }
  }

  /** The slot is at or below the lowest slot known for the key (after import or pruning). */
  record BlockSlotBelowWatermark(long slot, long watermark) implements Refusal {
    public Reason reason() {
      return Reason.BELOW_WATERMARK;
    }

    public String message() {
      return "block slot " + UInt64.toString(slot) + " is at or below the low watermark slot "
          + UInt64.toString(watermark);
    }
  }

  record SourceBelowWatermark(long sourceEpoch, long watermark) implements Refusal {
    public Reason reason() {
      return Reason.BELOW_WATERMARK;
    }

    public String message() {
      return "source epoch " + UInt64.toString(sourceEpoch) + " is below the low watermark source epoch "
          + UInt64.toString(watermark);
    }
  }

  record TargetBelowWatermark(long targetEpoch, long watermark) implements Refusal {
    public Reason reason() {
      return Reason.BELOW_WATERMARK;
    }

    public String message() {
      return "target epoch " + UInt64.toString(targetEpoch)
          + " is at or below the low watermark target epoch " + UInt64.toString(watermark);
    }
  }

  record SourceAfterTarget(long sourceEpoch, long targetEpoch) implements Refusal {
    public Reason reason() {
      return Reason.SOURCE_AFTER_TARGET;
    }

    public String message() {
      return "source epoch " + UInt64.toString(sourceEpoch) + " is after target epoch "
          + UInt64.toString(targetEpoch);
    }
  }

  record WrongChain(Bytes32 pinned, Bytes32 requested) implements Refusal {
    public Reason reason() {
      return Reason.WRONG_CHAIN;
    }

    public String message() {
      return "wrong chain: genesis validators root " + requested + " differs from the pinned " + pinned;
    }
  }

  /** {@code what} ("block slot" …) lies after the latest value the wall clock allows now. */
  record BeyondWallClock(String what, long value, long latest) implements Refusal {
    public Reason reason() {
      return Reason.BEYOND_WALL_CLOCK;
    }

    public String message() {
      return what + " " + UInt64.toString(value) + " is beyond the wall clock: at most "
          + UInt64.toString(latest) + " may be signed now (--slashing-protection-max-future-epochs)";
    }
  }
}
