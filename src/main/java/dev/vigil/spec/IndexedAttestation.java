package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;
import java.util.List;

/** IndexedAttestation (phase0 form: attesting_indices limit MAX_VALIDATORS_PER_COMMITTEE). */
public record IndexedAttestation(List<Long> attestingIndices, AttestationData data, BLSSignature signature)
    implements SszPresetContainer {
  public IndexedAttestation {
    attestingIndices = List.copyOf(attestingIndices);
  }

  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        m.uint64List(attestingIndices, preset.maxValidatorsPerCommittee()), data.root(m), m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().uint64List(attestingIndices).fixed(data.toSszBytes()).bytes(signature).finish();
  }
}
