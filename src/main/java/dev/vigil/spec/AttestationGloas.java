package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszPresetContainer;

/**
 * Attestation from Gloas on (EIP-7688): a ProgressiveContainer of 4 active fields whose
 * aggregation_bits is a ProgressiveBitList; committee_bits is Bitvector[MAX_COMMITTEES_PER_SLOT].
 */
public record AttestationGloas(
    Bitlist aggregationBits, AttestationData data, BLSSignature signature, Bitvector committeeBits)
    implements SszPresetContainer {
  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.progressiveContainer(
        m.progressiveBitlist(aggregationBits),
        data.root(m),
        m.bytes(signature),
        m.bitvector(committeeBits, preset.maxCommitteesPerSlot()));
  }

  /** Serialized as Electra's attestation: progressive containers change the root only. */
  @Override
  public byte[] toSszBytes() {
    return new AttestationElectra(aggregationBits, data, signature, committeeBits).toSszBytes();
  }
}
