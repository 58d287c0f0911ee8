package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.GenesisTimes;
import dev.vigil.spec.Networks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WallClockPolicyTest {
  private static final Bytes32 MAINNET = Networks.MAINNET.requireGenesisValidatorsRoot();
  private static final long GENESIS = GenesisTimes.of("mainnet").getAsLong();

  private static WallClockPolicy at(long unixSeconds, long maxFutureEpochs) {
    return new WallClockPolicy(Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC), maxFutureEpochs);
  }

  @Test
  void theBoundIsTheWallClocksEpochPlusTheMargin() {
    // Slot 100 * 32 + 5 of mainnet: epoch 100.
    WallClockPolicy policy = at(GENESIS + (100 * 32 + 5) * 12 + 7, 2);
    assertThat(policy.latestEpoch(MAINNET)).hasValue(102);
    assertThat(policy.latestSlot(MAINNET)).hasValue(100 * 32 + 5 + 64);
  }

  @Test
  void beforeGenesisTheClockStandsAtSlotZero() {
    WallClockPolicy policy = at(GENESIS - 86_400, 1);
    assertThat(policy.latestEpoch(MAINNET)).hasValue(1);
    assertThat(policy.latestSlot(MAINNET)).hasValue(32);
  }

  @Test
  void aHugeMarginSaturatesInsteadOfWrapping() {
    WallClockPolicy policy = at(GENESIS + 1_000_000, Long.MAX_VALUE);
    assertThat(policy.latestEpoch(MAINNET)).hasValue(Long.MAX_VALUE);
    assertThat(policy.latestSlot(MAINNET)).hasValue(Long.MAX_VALUE);
  }

  @Test
  void onlyBuiltInRootsPinOnFirstSightAndOnlyKnownGenesisTimesAreBounded() {
    WallClockPolicy policy = at(GENESIS, 2);
    Bytes32 unknown = Bytes32.fromHex("0x" + "ab".repeat(32));
    for (String name : new String[] {"mainnet", "sepolia", "holesky", "hoodi"}) {
      Bytes32 root = Networks.named(name).requireGenesisValidatorsRoot();
      assertThat(policy.pinsOnFirstSight(root)).as(name).isTrue();
      assertThat(policy.latestEpoch(root)).as(name).isPresent();
    }
    assertThat(policy.pinsOnFirstSight(unknown)).isFalse();
    assertThat(policy.latestEpoch(unknown)).isEmpty();
    assertThat(policy.latestSlot(unknown)).isEmpty();
  }

  @Test
  void aNegativeMarginIsRefused() {
    assertThatThrownBy(() -> at(GENESIS, -1)).hasMessageContaining("must not be negative");
  }
}
