package dev.vigil.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The duties of N validators, slot by slot, in the three moments of a slot at which a validator
 * client sends them:
 *
 * <ul>
 *   <li>{@link Moment#START}: the proposer's RANDAO reveal and block, the aggregators' selection
 *       proofs (1/16 of the slot's attesters) and the sync committee's selection proofs;
 *   <li>{@link Moment#ATTESTATION_DEADLINE} (1/3 of the slot): the burst of attestations (every
 *       validator once per epoch, N/32 per slot) together with the sync-committee messages;
 *   <li>{@link Moment#AGGREGATION_DEADLINE} (2/3): aggregates and sync-committee contributions.
 * </ul>
 *
 * The sync committee is the first min(N, 512) validators, in 4 subcommittees of 128 with 16
 * aggregators each (the spec's TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE).
 */
public final class DutySchedule {
  public static final int SLOTS_PER_EPOCH = 32;
  public static final int SYNC_COMMITTEE_SIZE = 512;
  static final int SYNC_SUBCOMMITTEE_SIZE = 128;
  /** One aggregator in 16 attesters; one in 8 sync subcommittee members (16 of 128). */
  static final int AGGREGATOR_MODULO = 16;
  static final int SYNC_AGGREGATOR_MODULO = 8;

  /** When in a slot a group of duties is sent, as a fraction of the slot. */
  public enum Moment {
    START(0.0),
    ATTESTATION_DEADLINE(1.0 / 3),
    AGGREGATION_DEADLINE(2.0 / 3);

    public final double fractionOfSlot;

    Moment(double fractionOfSlot) {
      this.fractionOfSlot = fractionOfSlot;
    }
  }

  private final int validators;
  private final Random shuffle;

  public DutySchedule(int validators, long seed) {
    if (validators < 1) {
      throw new IllegalArgumentException("validators: must be at least 1, got " + validators);
    }
    this.validators = validators;
    this.shuffle = new Random(seed);
  }

  public int validators() {
    return validators;
  }

  /** The duties sent at {@code moment} of {@code slot}, in the interleaved order a client sends them. */
  public List<Duty> duties(long slot, Moment moment) {
    List<Duty> duties = new ArrayList<>();
    int syncMembers = Math.min(validators, SYNC_COMMITTEE_SIZE);
    switch (moment) {
      // Bodies that are the same for every validator (as they are on the wire) are built once.
      case START -> {
        int proposer = (int) Long.remainderUnsigned(slot * 7919, validators);
        duties.add(new Duty("RANDAO_REVEAL", proposer, DutyRequests.randaoReveal(slot)));
        duties.add(new Duty("BLOCK_V2", proposer, DutyRequests.block(slot, proposer)));
        String selection = DutyRequests.aggregationSlot(slot);
        forAttesters(slot, true, v -> duties.add(new Duty("AGGREGATION_SLOT", v, selection)));
        String[] syncSelection = new String[SYNC_COMMITTEE_SIZE / SYNC_SUBCOMMITTEE_SIZE];
        for (int v = 0; v < syncMembers; v++) {
          int subcommittee = v / SYNC_SUBCOMMITTEE_SIZE;
          if (syncSelection[subcommittee] == null) {
            syncSelection[subcommittee] = DutyRequests.syncSelectionProof(slot, subcommittee);
          }
          duties.add(new Duty("SYNC_COMMITTEE_SELECTION_PROOF", v, syncSelection[subcommittee]));
        }
      }
      case ATTESTATION_DEADLINE -> {
        String attestation = DutyRequests.attestation(slot);
        forAttesters(slot, false, v -> duties.add(new Duty("ATTESTATION", v, attestation)));
        String syncMessage = DutyRequests.syncCommitteeMessage(slot);
        for (int v = 0; v < syncMembers; v++) {
          duties.add(new Duty("SYNC_COMMITTEE_MESSAGE", v, syncMessage));
        }
      }
      case AGGREGATION_DEADLINE -> {
        forAttesters(slot, true, v -> duties.add(new Duty("AGGREGATE_AND_PROOF_V2", v, DutyRequests.aggregateAndProof(slot, v))));
        for (int v = 0; v < syncMembers; v += SYNC_AGGREGATOR_MODULO) {
          duties.add(new Duty("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", v,
              DutyRequests.contributionAndProof(slot, v, v / SYNC_SUBCOMMITTEE_SIZE)));
        }
      }
    }
    // A client's attestation and sync-committee services run side by side: their requests interleave.
    Collections.shuffle(duties, shuffle);
    return duties;
  }

  /** Validator v attests in slot v mod 32 of every epoch; the first of every 16 of them aggregates. */
  private void forAttesters(long slot, boolean aggregatorsOnly, IntConsumer action) {
    int first = (int) Long.remainderUnsigned(slot, SLOTS_PER_EPOCH);
    int step = aggregatorsOnly ? SLOTS_PER_EPOCH * AGGREGATOR_MODULO : SLOTS_PER_EPOCH;
    for (int v = first; v < validators; v += step) {
      action.accept(v);
    }
  }
}
