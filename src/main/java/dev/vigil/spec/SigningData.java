package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** SigningData: its hash_tree_root is the signing root. */
public record SigningData(Bytes32 objectRoot, Bytes32 domain) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(objectRoot), m.bytes(domain));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(objectRoot).bytes(domain).finish();
  }
}
