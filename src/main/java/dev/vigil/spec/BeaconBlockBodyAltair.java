package dev.vigil.spec;

import dev.vigil.spec.ssz.Merkleizer;
import dev.vigil.spec.ssz.SszEncoder;
import java.util.Arrays;
import java.util.List;

/** BeaconBlockBody of Altair: the phase0 fields plus sync_aggregate. */
public record BeaconBlockBodyAltair(
    BLSSignature randaoReveal,
    Eth1Data eth1Data,
    Bytes32 graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate)
    implements BlockBody {
  public BeaconBlockBodyAltair {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
  }

  @Override
  public byte[] root(Merkleizer m, Preset preset) {
    byte[][] phase0 = BeaconBlockBody.phase0FieldRoots(m, preset,
        randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
        voluntaryExits);
    byte[][] fields = Arrays.copyOf(phase0, phase0.length + 1);
    fields[phase0.length] = syncAggregate.root(m, preset);
    return m.container(fields);
  }

  @Override
  public byte[] toSszBytes() {
    return BeaconBlockBody.phase0Fields(new SszEncoder(),
            randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
            voluntaryExits)
        .fixed(syncAggregate.toSszBytes())
        .finish();
  }
}
