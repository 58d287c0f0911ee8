package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** BeaconBlockHeader: its root equals the root of the block it summarises. */
public record BeaconBlockHeader(
    long slot, long proposerIndex, Bytes32 parentRoot, Bytes32 stateRoot, Bytes32 bodyRoot)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(
        Merkleizer.uint64(slot),
        Merkleizer.uint64(proposerIndex),
        m.bytes(parentRoot),
        m.bytes(stateRoot),
        m.bytes(bodyRoot));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(slot).uint64(proposerIndex).bytes(parentRoot).bytes(stateRoot)
        .bytes(bodyRoot).finish();
  }
}
