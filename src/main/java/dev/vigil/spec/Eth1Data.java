package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** Eth1Data (deposit_count is uint64). */
public record Eth1Data(Bytes32 depositRoot, long depositCount, Bytes32 blockHash)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(depositRoot), Merkleizer.uint64(depositCount), m.bytes(blockHash));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(depositRoot).uint64(depositCount).bytes(blockHash).finish();
  }
}
