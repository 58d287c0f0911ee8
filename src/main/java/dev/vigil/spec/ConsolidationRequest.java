package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** ConsolidationRequest (Electra on, EIP-7251). */
public record ConsolidationRequest(ExecutionAddress sourceAddress, BLSPubkey sourcePubkey, BLSPubkey targetPubkey)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(sourceAddress), m.bytes(sourcePubkey), m.bytes(targetPubkey));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(sourceAddress).bytes(sourcePubkey).bytes(targetPubkey).finish();
  }
}
