package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/**
 * SyncCommitteeContribution: aggregation_bits is
 * Bitvector[SYNC_COMMITTEE_SIZE // SYNC_COMMITTEE_SUBNET_COUNT].
 */
public record SyncCommitteeContribution(
    long slot, Bytes32 beaconBlockRoot, long subcommitteeIndex, Bitvector aggregationBits, BLSSignature signature)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        Merkleizer.uint64(slot),
        m.bytes(beaconBlockRoot),
        Merkleizer.uint64(subcommitteeIndex),
        m.bitvector(aggregationBits, preset.syncSubcommitteeSize()),
        m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(slot).bytes(beaconBlockRoot).uint64(subcommitteeIndex)
        .bitvector(aggregationBits).bytes(signature).finish();
  }
}
