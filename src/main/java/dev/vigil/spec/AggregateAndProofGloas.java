package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** AggregateAndProof from Gloas on (its aggregate is a Gloas attestation). */
public record AggregateAndProofGloas(long aggregatorIndex, AttestationGloas aggregate, BLSSignature selectionProof)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(Merkleizer.uint64(aggregatorIndex), aggregate.root(m, preset), m.bytes(selectionProof));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64(aggregatorIndex).variable(aggregate.toSszBytes()).bytes(selectionProof).finish();
  }
}
