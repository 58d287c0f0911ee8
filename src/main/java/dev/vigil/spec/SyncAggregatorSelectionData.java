package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** SyncAggregatorSelectionData (SYNC_COMMITTEE_SELECTION_PROOF signs it). */
public record SyncAggregatorSelectionData(long slot, long subcommitteeIndex) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(Merkleizer.uint64(slot), Merkleizer.uint64(subcommitteeIndex));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(slot).uint64(subcommitteeIndex).finish();
  }
}
