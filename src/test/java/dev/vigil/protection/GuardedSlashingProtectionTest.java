package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.OTHER_GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.protection.Refusal.Reason;
import dev.vigil.spec.Bytes32;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a signing request may make a store record, on both stores: only a root allowed to pin on
 * first sight is pinned by one, and nothing past the wall clock's bound is recorded.
 */
class GuardedSlashingProtectionTest {
  /** GVR pins on first sight and its latest slot is 1000 (epoch 31); OTHER_GVR neither. */
  private static final RecordingPolicy POLICY = new RecordingPolicy() {
    @Override
    public boolean pinsOnFirstSight(Bytes32 gvr) {
      return gvr.equals(GVR);
    }

    @Override
    public OptionalLong latestSlot(Bytes32 gvr) {
      return gvr.equals(GVR) ? OptionalLong.of(1000) : OptionalLong.empty();
    }

    @Override
    public OptionalLong latestEpoch(Bytes32 gvr) {
      return gvr.equals(GVR) ? OptionalLong.of(31) : OptionalLong.empty();
    }
  };

  @TempDir Path dir;

  @Test
  void sqlite() {
    try (SlashingProtection store = new GuardedSlashingProtection(TestStores.sqlite(dir), POLICY)) {
      check(store);
    }
  }

  @Test
  void postgresql() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = new GuardedSlashingProtection(schema.open(), POLICY)) {
      check(store);
    }
  }

  private static void check(SlashingProtection store) {
    assertThatThrownBy(() -> store.checkAndRecordBlock(key(1), 1, root(1), OTHER_GVR))
        .isInstanceOf(UnpinnedChainException.class)
        .hasMessageContaining("--genesis-validators-root " + OTHER_GVR);
    assertThat(store.checkAndRecordAttestationAsync(key(1), 1, 2, root(1), OTHER_GVR))
        .failsWithin(java.time.Duration.ofSeconds(5));
    assertThat(store.genesisValidatorsRoot()).isEmpty();

    assertThat(reasonOf(store.checkAndRecordAttestation(key(1), 100, -1L, root(1), GVR)))
        .isEqualTo(Reason.BEYOND_WALL_CLOCK);
    assertThat(reasonOf(store.checkAndRecordAttestationAsync(key(1), 32, 31, root(1), GVR).join()))
        .isEqualTo(Reason.BEYOND_WALL_CLOCK);
    assertThat(reasonOf(store.checkAndRecordBlock(key(1), -1L, root(1), GVR))).isEqualTo(Reason.BEYOND_WALL_CLOCK);
    assertThat(reasonOf(store.checkAndRecordBlockAsync(key(1), 1001, root(1), GVR).join()))
        .isEqualTo(Reason.BEYOND_WALL_CLOCK);

    // Nothing of the refused ones was recorded; the bound itself is allowed and pins GVR.
    assertThat(store.checkAndRecordBlock(key(1), 1000, root(1), GVR).accepted()).isTrue();
    assertThat(store.checkAndRecordAttestation(key(1), 30, 31, root(1), GVR).accepted()).isTrue();
    assertThat(store.genesisValidatorsRoot()).contains(GVR);
    // Once pinned, another root is the store's wrong chain (412), no longer a pinning question.
    assertThat(reasonOf(store.checkAndRecordBlock(key(1), 2, root(1), OTHER_GVR))).isEqualTo(Reason.WRONG_CHAIN);
  }

  private static Reason reasonOf(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Refused.class);
    return ((Decision.Refused) decision).refusal().reason();
  }
}
