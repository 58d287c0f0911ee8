package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.Bytes32;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FloorRecords}: a store that imports what it writes, and so knows only those records and
 * their minima as floors, never accepts a block or attestation that the exporting store refuses.
 * Both stores are modelled in memory over {@link Rules}, for every request in a small range.
 */
class FloorRecordsProperties {
  private static final int RANGE = 14;

  record Floors(OptionalLong slot, OptionalLong source, OptionalLong target) {
    Watermarks watermarks() {
      return new Watermarks(slot, source, target);
    }
  }

  @Provide
  Arbitrary<List<SignedBlock>> blocks() {
    return Combinators.combine(Arbitraries.longs().between(0, RANGE), roots())
        .as(SignedBlock::new).list().ofMaxSize(8).uniqueElements(SignedBlock::slot);
  }

  @Provide
  Arbitrary<List<SignedAttestation>> attestations() {
    return Combinators.combine(Arbitraries.longs().between(0, RANGE), Arbitraries.longs().between(0, RANGE), roots())
        .as(SignedAttestation::new).list().ofMaxSize(8)
        .uniqueElements(a -> List.of(a.sourceEpoch(), a.targetEpoch()));
  }

  @Provide
  Arbitrary<Floors> floors() {
    Arbitrary<OptionalLong> slot = Arbitraries.longs().between(0, RANGE).optional()
        .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
    Arbitrary<long[]> sourceTarget = Combinators.combine(Arbitraries.longs().between(0, RANGE), Arbitraries.longs().between(0, 6))
        .as((source, gap) -> new long[] {source, source + gap});
    return Combinators.combine(slot, sourceTarget.optional())
        .as((s, st) -> new Floors(s,
            st.map(v -> OptionalLong.of(v[0])).orElse(OptionalLong.empty()),
            st.map(v -> OptionalLong.of(v[1])).orElse(OptionalLong.empty())));
  }

  private static Arbitrary<Optional<Bytes32>> roots() {
    return Arbitraries.integers().between(0, 2).map(Requests::root).optional();
  }

  @Property(tries = 2000)
  void anImporterOfTheBlocksRefusesEveryBlockTheStoreRefuses(
      @ForAll("blocks") List<SignedBlock> records, @ForAll("floors") Floors floors) {
    List<SignedBlock> written = FloorRecords.blocks(floors.slot(), records);
    Watermarks imported = Watermarks.minimaOf(written, List.of());
    if (floors.slot().isPresent()) {
      assertThat(imported.blockSlot())
          .isEqualTo(Rules.max(floors.slot(), Watermarks.minimaOf(records, List.of()).blockSlot()));
    }
    for (long slot = 0; slot <= RANGE + 1; slot++) {
      for (int root = 0; root <= 2; root++) {
        boolean exporter = decideBlock(records, floors.watermarks(), slot, Requests.root(root));
        boolean importer = decideBlock(written, imported, slot, Requests.root(root));
        assertThat(importer && !exporter).as("slot %d root %d written as %s", slot, root, written).isFalse();
      }
    }
  }

  @Property(tries = 2000)
  void anImporterOfTheAttestationsRefusesEveryVoteTheStoreRefuses(
      @ForAll("attestations") List<SignedAttestation> records, @ForAll("floors") Floors floors) {
    List<SignedAttestation> written = FloorRecords.attestations(floors.watermarks(), records);
    Watermarks imported = Watermarks.minimaOf(List.of(), written);
    for (long source = 0; source <= RANGE + 1; source++) {
      for (long target = 0; target <= RANGE + 1; target++) {
        for (int root = 0; root <= 2; root++) {
          boolean exporter = decideAttestation(records, floors.watermarks(), source, target, Requests.root(root));
          boolean importer = decideAttestation(written, imported, source, target, Requests.root(root));
          assertThat(importer && !exporter)
              .as("vote %d→%d root %d written as %s", source, target, root, written).isFalse();
        }
      }
    }
  }

  private static boolean decideBlock(List<SignedBlock> records, Watermarks floors, long slot, Bytes32 root) {
    Optional<SignedBlock> atSlot = records.stream().filter(b -> b.slot() == slot).findFirst();
    OptionalLong lowest = Watermarks.minimaOf(records, List.of()).blockSlot();
    return Rules.checkBlock(slot, root, new BlockHistory(atSlot, lowest, floors.blockSlot())).accepted();
  }

  private static boolean decideAttestation(
      List<SignedAttestation> records, Watermarks floors, long source, long target, Bytes32 root) {
    Watermarks lowest = Watermarks.minimaOf(List.of(), records);
    AttestationHistory history = new AttestationHistory(
        records.stream().filter(a -> a.targetEpoch() == target).toList(),
        records.stream().filter(a -> a.sourceEpoch() < source && a.targetEpoch() > target).findFirst(),
        records.stream().filter(a -> a.sourceEpoch() > source && a.targetEpoch() < target).findFirst(),
        lowest.attestationSource(), lowest.attestationTarget(), floors);
    return Rules.checkAttestation(source, target, root, history).accepted();
  }
}
