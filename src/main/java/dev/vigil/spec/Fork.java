package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** Fork: the versions either side of the last fork and its epoch (epoch is uint64). */
public record Fork(Bytes4 previousVersion, Bytes4 currentVersion, long epoch) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(previousVersion), m.bytes(currentVersion), Merkleizer.uint64(epoch));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(previousVersion).bytes(currentVersion).uint64(epoch).finish();
  }
}
