package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszContainer;

/** ProposerSlashing. */
public record ProposerSlashing(SignedBeaconBlockHeader signedHeader1, SignedBeaconBlockHeader signedHeader2)
    implements SszContainer {
  @Override
  public byte[] root(Merkleizer m) {
    return m.container(signedHeader1.root(m), signedHeader2.root(m));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().fixed(signedHeader1.toSszBytes()).fixed(signedHeader2.toSszBytes()).finish();
  }
}
