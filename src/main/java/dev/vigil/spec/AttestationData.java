package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** AttestationData (slot and index are uint64). */
public record AttestationData(
    long slot, long index, Bytes32 beaconBlockRoot, Checkpoint source, Checkpoint target)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(
        Merkleizer.uint64(slot),
        Merkleizer.uint64(index),
        m.bytes(beaconBlockRoot),
        source.root(m),
        target.root(m));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(slot).uint64(index).bytes(beaconBlockRoot)
        .fixed(source.toSszBytes()).fixed(target.toSszBytes()).finish();
  }
}
