package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** ForkData, hashed into a domain by compute_fork_data_root. */
public record ForkData(Bytes4 currentVersion, Bytes32 genesisValidatorsRoot) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(currentVersion), m.bytes(genesisValidatorsRoot));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(currentVersion).bytes(genesisValidatorsRoot).finish();
  }
}
