package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** VoluntaryExit (epoch and validator_index are uint64). */
public record VoluntaryExit(long epoch, long validatorIndex) implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(Merkleizer.uint64(epoch), Merkleizer.uint64(validatorIndex));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(epoch).uint64(validatorIndex).finish();
  }
}
