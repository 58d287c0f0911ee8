package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;

/** hash_tree_root of the bare values some signing types sign instead of a container. */
public final class HashTreeRoots {
  private HashTreeRoots() {}

  /** hash_tree_root(uint64): RANDAO_REVEAL signs the epoch, AGGREGATION_SLOT the slot. */
  public static Bytes32 ofUint64(long value) {
    return new Bytes32(Merkleizer.uint64(value));
  }

  /** hash_tree_root(Root) is the root itself: SYNC_COMMITTEE_MESSAGE signs the beacon block root. */
  public static Bytes32 ofRoot(Bytes32 root) {
    return root;
  }
}
