package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/** Attestation, phase0 to Deneb (aggregation_bits: Bitlist[MAX_VALIDATORS_PER_COMMITTEE]). */
public record Attestation(Bitlist aggregationBits, AttestationData data, BLSSignature signature)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        m.bitlist(aggregationBits, preset.maxValidatorsPerCommittee()), data.root(m), m.bytes(signature));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bitlist(aggregationBits).fixed(data.toSszBytes()).bytes(signature).finish();
  }
}
