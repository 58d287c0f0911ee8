package dev.vigil.spec;

/**
 * The preset values that shape the signed containers (list limits, vector sizes) and map slots to
 * epochs. Values from the consensus-specs presets/{mainnet,minimal}/*.yaml.
 */
public record Preset(
    String name,
    int maxValidatorsPerCommittee,
    int maxCommitteesPerSlot,
    int syncCommitteeSize,
    int syncCommitteeSubnetCount,
    int maxProposerSlashings,
    int maxAttesterSlashings,
    int maxAttesterSlashingsElectra,
    int maxAttestations,
    int maxAttestationsElectra,
    int maxDeposits,
    int maxVoluntaryExits,
    int slotsPerEpoch,
    int epochsPerEth1VotingPeriod) {

  /** DEPOSIT_CONTRACT_TREE_DEPTH, the same in every preset; Deposit.proof has depth + 1 roots. */
  public static final int DEPOSIT_CONTRACT_TREE_DEPTH = 32;

  public static final Preset MAINNET =
      new Preset("mainnet", 2048, 64, 512, 4, 16, 2, 1, 128, 8, 16, 16, 32, 64);
  public static final Preset MINIMAL =
      new Preset("minimal", 2048, 4, 32, 4, 16, 2, 1, 128, 8, 16, 16, 8, 4);

  /** The preset named as in PRESET_BASE ("mainnet" or "minimal"). */
  public static Preset named(String name) {
    return switch (name) {
      case "mainnet" -> MAINNET;
      case "minimal" -> MINIMAL;
      default -> throw new IllegalArgumentException(
          "unknown preset '" + name + "' (known: mainnet, minimal)");
    };
  }

  /** compute_epoch_at_slot (unsigned division). */
  public long epochAtSlot(long slot) {
    return Long.divideUnsigned(slot, slotsPerEpoch);
  }

  /** Bits in SyncCommitteeContribution.aggregation_bits: SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT. */
  public int syncSubcommitteeSize() {
    return syncCommitteeSize / syncCommitteeSubnetCount;
  }

  /** Bits in the Electra Attestation.aggregation_bits limit. */
  public int maxValidatorsPerSlot() {
    return maxValidatorsPerCommittee * maxCommitteesPerSlot;
  }
}
