package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** WithdrawalRequest (Electra on, EIP-7002). */
public record WithdrawalRequest(ExecutionAddress sourceAddress, BLSPubkey validatorPubkey, long amount) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(m.bytes(sourceAddress), m.bytes(validatorPubkey), Merkleizer.uint64(amount));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bytes(sourceAddress).bytes(validatorPubkey).uint64(amount).finish();
  }
}
