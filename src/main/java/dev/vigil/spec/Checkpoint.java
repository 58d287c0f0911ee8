package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** Checkpoint (epoch is uint64). */
public record Checkpoint(long epoch, Bytes32 root) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(Merkleizer.uint64(epoch), m.bytes(root));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(epoch).bytes(root).finish();
  }
}
