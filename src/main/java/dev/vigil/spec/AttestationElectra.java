package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import dev.vigil.spec.ssz.SszPresetContainer;

/**
 * Attestation from Electra on (EIP-7549): aggregation_bits is
 * Bitlist[MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT], committee_bits is
 * Bitvector[MAX_COMMITTEES_PER_SLOT].
 */
public record AttestationElectra(
    Bitlist aggregationBits, AttestationData data, BLSSignature signature, Bitvector committeeBits)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(
        m.bitlist(aggregationBits, preset.maxValidatorsPerSlot()),
        data.root(m),
        m.bytes(signature),
        m.bitvector(committeeBits, preset.maxCommitteesPerSlot()));
  }

  @Override
  public byte[] toSszBytes() {
    return new SszEncoder().bitlist(aggregationBits).fixed(data.toSszBytes()).bytes(signature)
        .bitvector(committeeBits).finish();
  }
}
