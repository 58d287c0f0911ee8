package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** BeaconBlock with a phase0 or Altair body; its root equals the root of {@link #header}. */
public record BeaconBlock(long slot, long proposerIndex, Bytes32 parentRoot, Bytes32 stateRoot, BlockBody body)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return header(m, preset).root(m);
  }

  /** The header of this block (body replaced by its root). */
  public BeaconBlockHeader header(Preset preset) {
    return header(new Merkleizer(), preset);
  }

  private BeaconBlockHeader header(Merkleizer m, Preset preset) {
    return new BeaconBlockHeader(slot, proposerIndex, parentRoot, stateRoot, new Bytes32(body.root(m, preset)));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(slot).uint64(proposerIndex).bytes(parentRoot).bytes(stateRoot)
        .variable(body.toSszBytes()).finish();
  }
}
