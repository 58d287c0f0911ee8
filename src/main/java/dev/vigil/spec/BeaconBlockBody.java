package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import java.util.List;

/** BeaconBlockBody of phase0. */
public record BeaconBlockBody(
    BLSSignature randaoReveal,
    Eth1Data eth1Data,
    Bytes32 graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits)
    implements BlockBody {
  public BeaconBlockBody {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
  }

  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    return m.container(phase0FieldRoots(m, preset,
        randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
        voluntaryExits));
  }

  @Override
  public byte[] toSszBytes() {
    return phase0Fields(new SszEncoder(),
        randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
        voluntaryExits).finish();
  }

  /** Writes the eight phase0 body fields, which later bodies start with. */
  static SszEncoder phase0Fields(
      SszEncoder encoder,
      BLSSignature randaoReveal,
      Eth1Data eth1Data,
      Bytes32 graffiti,
      List<ProposerSlashing> proposerSlashings,
      List<AttesterSlashing> attesterSlashings,
      List<Attestation> attestations,
      List<Deposit> deposits,
      List<SignedVoluntaryExit> voluntaryExits) {
    return encoder
        .bytes(randaoReveal)
        .fixed(eth1Data.toSszBytes())
        .bytes(graffiti)
        .fixedList(proposerSlashings, ProposerSlashing::toSszBytes)
        .variableList(attesterSlashings, AttesterSlashing::toSszBytes)
        .variableList(attestations, Attestation::toSszBytes)
        .fixedList(deposits, Deposit::toSszBytes)
        .fixedList(voluntaryExits, SignedVoluntaryExit::toSszBytes);
  }

  /** The roots of the eight phase0 body fields, which later bodies start with. */
  static byte[][] phase0FieldRoots(
      Merkleizer m,
      Preset preset,
      BLSSignature randaoReveal,
      Eth1Data eth1Data,
      Bytes32 graffiti,
      List<ProposerSlashing> proposerSlashings,
      List<AttesterSlashing> attesterSlashings,
      List<Attestation> attestations,
      List<Deposit> deposits,
      List<SignedVoluntaryExit> voluntaryExits) {
    return new byte[][] {
      m.bytes(randaoReveal),
      eth1Data.root(m),
      m.bytes(graffiti),
      m.list(proposerSlashings.stream().map(s -> s.root(m)).toList(), preset.maxProposerSlashings()),
      m.list(attesterSlashings.stream().map(s -> s.root(m, preset)).toList(), preset.maxAttesterSlashings()),
      m.list(attestations.stream().map(a -> a.root(m, preset)).toList(), preset.maxAttestations()),
      m.list(deposits.stream().map(d -> d.root(m)).toList(), preset.maxDeposits()),
      m.list(voluntaryExits.stream().map(e -> e.root(m)).toList(), preset.maxVoluntaryExits())
    };
  }
}
