package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** AttesterSlashing (phase0 form). */
public record AttesterSlashing(IndexedAttestation attestation1, IndexedAttestation attestation2)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(attestation1.root(m, preset), attestation2.root(m, preset));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().variable(attestation1.toSszBytes()).variable(attestation2.toSszBytes()).finish();
  }
}
