package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** PayloadAttestationData of Gloas (EIP-7732): what a payload-timeliness-committee member signs. */
public record PayloadAttestationData(
    Bytes32 beaconBlockRoot, long slot, boolean payloadPresent, boolean blobDataAvailable) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(beaconBlockRoot), Merkleizer.uint64(slot),
        Merkleizer.bool(payloadPresent), Merkleizer.bool(blobDataAvailable));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(beaconBlockRoot).uint64(slot)
        .fixed(new byte[] {(byte) (payloadPresent ? 1 : 0)}).fixed(new byte[] {(byte) (blobDataAvailable ? 1 : 0)})
        .finish();
  }
}
