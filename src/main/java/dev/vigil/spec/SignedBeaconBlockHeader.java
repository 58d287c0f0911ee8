package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** SignedBeaconBlockHeader. */
public record SignedBeaconBlockHeader(BeaconBlockHeader message, BLSSignature signature)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(message.root(m), m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().fixed(message.toSszBytes()).bytes(signature).finish();
  }
}
