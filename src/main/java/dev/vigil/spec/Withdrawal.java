package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszContainer;
import dev.vigil.spec.ssz.SszEncoder;

/** Withdrawal (Capella on). */
public record Withdrawal(long index, long validatorIndex, ExecutionAddress address, long amount) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(Merkleizer.uint64(index), Merkleizer.uint64(validatorIndex), m.bytes(address), Merkleizer.uint64(amount));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(index).uint64(validatorIndex).bytes(address).uint64(amount).finish();
  }
}
