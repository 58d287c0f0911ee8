package dev.vigil.spec.ssz;

import dev.vigil.spec.Bytes32;

/** An SSZ container whose shape does not depend on a preset. */
public interface SszContainer {
  /** hash_tree_root computed with the given merkleizer (lets nested containers share one digest). */
  byte[] root(Merkleizer merkleizer);

  /** The SSZ serialization. */
  byte[] toSszBytes();

  default Bytes32 hashTreeRoot() {
    return new Bytes32(root(new Merkleizer()));
  }
}
