package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** BuilderExitRequest (Gloas, EIP-8282). */
public record BuilderExitRequest(ExecutionAddress sourceAddress, BLSPubkey pubkey) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(sourceAddress), m.bytes(pubkey));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(sourceAddress).bytes(pubkey).finish();
  }
}
