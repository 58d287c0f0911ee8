package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** ContributionAndProof (SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF signs it). */
public record ContributionAndProof(
    long aggregatorIndex, SyncCommitteeContribution contribution, BLSSignature selectionProof)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        Merkleizer.uint64(aggregatorIndex), contribution.root(m, preset), m.bytes(selectionProof));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(aggregatorIndex).fixed(contribution.toSszBytes()).bytes(selectionProof).finish();
  }
}
