package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.OTHER_GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a freshness witness keeps (SQLite and PostgreSQL): highs only rise, survive reopening, are
 * kept per signer identity and pinned to its chain; and the floors a signer raises from them refuse
 * what lies at or below them.
 */
class WitnessedHighsStoreTest {
  @TempDir Path dir;

  private static final Highs BLOCK_10 = Highs.ofBlock(10);
  private static final Highs VOTE_3_4 = Highs.ofAttestation(3, 4);

  @Test
  void sqlite() {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      witnessContract(store);
      floorContract(store);
    }
    try (SlashingProtection reopened = TestStores.sqlite(dir)) {
      assertThat(reopened.witnessedHighs("alpha").orElseThrow().highs())
          .containsEntry(key(1), new Highs(OptionalLong.of(12), OptionalLong.of(3), OptionalLong.of(4)));
    }
  }

  @Test
  void postgres() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = schema.open()) {
      witnessContract(store);
      floorContract(store);
    }
  }

  private static void witnessContract(SlashingProtection store) {
    assertThat(store.witnessedHighs("alpha")).isEmpty();
    WitnessedHighs first = store.raiseWitnessedHighs("alpha", GVR, Map.of(key(1), BLOCK_10, key(2), VOTE_3_4)).join();
    assertThat(first.genesisValidatorsRoot()).isEqualTo(GVR);
    assertThat(first.highs()).containsEntry(key(1), BLOCK_10).containsEntry(key(2), VOTE_3_4);
    // Lower values and absent ones never lower what is kept; higher ones raise it.
    store.raiseWitnessedHighs("alpha", GVR,
        Map.of(key(1), Highs.ofBlock(9).max(VOTE_3_4), key(2), Highs.ofAttestation(2, 3))).join();
    assertThat(store.witnessedHighs("alpha").orElseThrow().highs())
        .containsEntry(key(1), BLOCK_10.max(VOTE_3_4)).containsEntry(key(2), VOTE_3_4);
    store.raiseWitnessedHighs("alpha", GVR, Map.of(key(1), Highs.ofBlock(12))).join();
    // Another identity is kept apart; another chain for a pinned identity changes nothing.
    assertThat(store.raiseWitnessedHighs("beta", OTHER_GVR, Map.of(key(1), Highs.ofBlock(99))).join().highs())
        .containsEntry(key(1), Highs.ofBlock(99));
    WitnessedHighs wrongChain = store.raiseWitnessedHighs("alpha", OTHER_GVR, Map.of(key(1), Highs.ofBlock(50))).join();
    assertThat(wrongChain.genesisValidatorsRoot()).isEqualTo(GVR);
    assertThat(wrongChain.highs()).isEmpty();
    WitnessedHighs alpha = store.witnessedHighs("alpha").orElseThrow();
    assertThat(alpha.genesisValidatorsRoot()).isEqualTo(GVR);
    assertThat(alpha.highs()).containsOnly(
        Map.entry(key(1), new Highs(OptionalLong.of(12), OptionalLong.of(3), OptionalLong.of(4))),
        Map.entry(key(2), VOTE_3_4));
  }

  private static void floorContract(SlashingProtection store) {
    assertThat(store.checkAndRecordBlock(key(7), 5, root(5), GVR).accepted()).isTrue();
    store.raiseFloors(Map.of(key(7), Highs.ofBlock(20).max(Highs.ofAttestation(6, 8)), key(8), Highs.ofBlock(3)));
    Consumer<Decision> belowWatermark = decision -> assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class,
        refused -> assertThat(refused.refusal().reason()).isEqualTo(Refusal.Reason.BELOW_WATERMARK));
    belowWatermark.accept(store.checkAndRecordBlock(key(7), 20, root(1), GVR));
    belowWatermark.accept(store.checkAndRecordBlock(key(7), 11, root(1), GVR));
    belowWatermark.accept(store.checkAndRecordAttestation(key(7), 5, 9, root(1), GVR));
    belowWatermark.accept(store.checkAndRecordAttestation(key(7), 6, 8, root(1), GVR));
    belowWatermark.accept(store.checkAndRecordBlock(key(8), 3, root(1), GVR));
    // The repeat of a recorded message is still allowed; anything above the floors is signed.
    assertThat(store.checkAndRecordBlock(key(7), 5, root(5), GVR).accepted()).isTrue();
    assertThat(store.checkAndRecordBlock(key(7), 21, root(1), GVR).accepted()).isTrue();
    assertThat(store.checkAndRecordAttestation(key(7), 6, 9, root(1), GVR).accepted()).isTrue();
    // Floors never fall.
    store.raiseFloors(Map.of(key(7), Highs.ofBlock(1)));
    belowWatermark.accept(store.checkAndRecordBlock(key(7), 19, root(2), GVR));
  }
}
