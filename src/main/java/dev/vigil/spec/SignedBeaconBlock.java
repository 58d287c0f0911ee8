package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** SignedBeaconBlock. */
public record SignedBeaconBlock(BeaconBlock message, BLSSignature signature) implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(message.root(m, preset), m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().variable(message.toSszBytes()).bytes(signature).finish();
  }
}
