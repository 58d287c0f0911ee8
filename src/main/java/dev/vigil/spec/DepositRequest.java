package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** DepositRequest (Electra on, EIP-6110). */
public record DepositRequest(
    BLSPubkey pubkey, Bytes32 withdrawalCredentials, long amount, BLSSignature signature, long index) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(pubkey), m.bytes(withdrawalCredentials), Merkleizer.uint64(amount), m.bytes(signature),
        Merkleizer.uint64(index));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(pubkey).bytes(withdrawalCredentials).uint64(amount).bytes(signature).uint64(index).finish();
  }
}
