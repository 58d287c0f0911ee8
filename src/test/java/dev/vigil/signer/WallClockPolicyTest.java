package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.GenesisClock;
import dev.vigil.spec.GenesisTimes;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import dev.vigil.spec.Preset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WallClockPolicyTest {
  private static final Bytes32 MAINNET = Networks.MAINNET.requireGenesisValidatorsRoot();
  private static final long GENESIS = GenesisTimes.of("mainnet").getAsLong();

  private static WallClockPolicy at(long unixSeconds, long maxFutureEpochs) {
    return new WallClockPolicy(Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC), maxFutureEpochs, Optional.empty());
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

  private static Network devnet(Bytes32 root, Optional<GenesisClock> clock) {
    return new Network("devnet", Preset.MINIMAL, Bytes4.fromHex("0x00000009"), Optional.of(root), List.of(), clock);
  }

  @Test
  void theConfiguredNetworkIsBoundedByItsOwnClockAndPreset() {
    Bytes32 root = Bytes32.fromHex("0x" + "cd".repeat(32));
    long genesis = 1_700_000_000L;
    // 6-second slots, 8 slots per epoch (minimal preset): slot 8 * 50 + 3 is in epoch 50.
    Network devnet = devnet(root, Optional.of(new GenesisClock(genesis, 6_000, "test")));
    WallClockPolicy policy = new WallClockPolicy(
        Clock.fixed(Instant.ofEpochSecond(genesis + (8 * 50 + 3) * 6 + 1), ZoneOffset.UTC), 2, Optional.of(devnet));

    assertThat(policy.latestEpoch(root)).hasValue(52);
    assertThat(policy.latestSlot(root)).hasValue(8 * 50 + 3 + 16);
    assertThat(policy.genesisClock(root)).isEqualTo(devnet.genesisClock());
    assertThat(policy.pinsOnFirstSight(root)).isFalse();
  }

  @Test
  void aConfiguredNetworkWithoutAClockIsUnboundedAndABuiltInRootKeepsItsBuiltInClock() {
    Bytes32 root = Bytes32.fromHex("0x" + "cd".repeat(32));
    WallClockPolicy unclocked = new WallClockPolicy(Clock.systemUTC(), 2, Optional.of(devnet(root, Optional.empty())));
    assertThat(unclocked.latestEpoch(root)).isEmpty();
    assertThat(unclocked.genesisClock(root)).isEmpty();

    Network claimsMainnet = devnet(MAINNET, Optional.of(new GenesisClock(0, 1_000, "test")));
    WallClockPolicy policy = new WallClockPolicy(
        Clock.fixed(Instant.ofEpochSecond(GENESIS + (100 * 32) * 12), ZoneOffset.UTC), 2, Optional.of(claimsMainnet));
    assertThat(policy.latestEpoch(MAINNET)).hasValue(102);
  }

  @Test
  void aNegativeMarginIsRefused() {
    assertThatThrownBy(() -> at(GENESIS, -1)).hasMessageContaining("must not be negative");
  }
}
