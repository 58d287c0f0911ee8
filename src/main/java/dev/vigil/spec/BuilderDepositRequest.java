package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** BuilderDepositRequest (Gloas, EIP-8282). */
public record BuilderDepositRequest(BLSPubkey pubkey, Bytes32 withdrawalCredentials, long amount, BLSSignature signature)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(pubkey), m.bytes(withdrawalCredentials), Merkleizer.uint64(amount), m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(pubkey).bytes(withdrawalCredentials).uint64(amount).bytes(signature).finish();
  }
}
