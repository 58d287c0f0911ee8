package dev.vigil.spec.ssz;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Preset;

/** An SSZ container whose list limits or vector sizes come from the preset (mainnet, minimal). */
public interface SszPresetContainer {
  /** hash_tree_root computed with the given merkleizer (lets nested containers share one digest). */
  byte[] root(Merkleizer merkleizer, Preset preset);

  /** The SSZ serialization. */
  byte[] toSszBytes();

  default Bytes32 hashTreeRoot(Preset preset) {
    return new Bytes32(root(new Merkleizer(), preset));
  }
}
