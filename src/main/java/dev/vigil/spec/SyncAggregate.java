package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** SyncAggregate (Altair on): sync_committee_bits is Bitvector[SYNC_COMMITTEE_SIZE]. */
public record SyncAggregate(Bitvector syncCommitteeBits, BLSSignature syncCommitteeSignature)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        m.bitvector(syncCommitteeBits, preset.syncCommitteeSize()), m.bytes(syncCommitteeSignature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bitvector(syncCommitteeBits).bytes(syncCommitteeSignature).finish();
  }
}
