package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** DepositMessage: what a deposit signature signs (amount in Gwei, uint64). */
public record DepositMessage(BLSPubkey pubkey, Bytes32 withdrawalCredentials, long amount)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(pubkey), m.bytes(withdrawalCredentials), Merkleizer.uint64(amount));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(pubkey).bytes(withdrawalCredentials).uint64(amount).finish();
  }
}
