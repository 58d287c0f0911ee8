package dev.vigil.signer;

import dev.vigil.protection.RecordingPolicy;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.GenesisTimes;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The signer's {@link RecordingPolicy}: a request may pin on first sight only a built-in network's
 * genesis validators root (any other root is pinned by the operator); on a network whose genesis
 * time is known, nothing more than {@code maxFutureEpochs} epochs after the wall clock's epoch is
 * recorded.
 */
public final class WallClockPolicy implements RecordingPolicy {
  private static final Set<Bytes32> BUILT_IN_ROOTS = Networks.names().stream()
      .map(Networks::named)
      .flatMap(network -> network.genesisValidatorsRoot().stream())
      .collect(Collectors.toUnmodifiableSet());

  private final Map<Bytes32, Long> genesisTimes = new HashMap<>();
  private final Clock clock;
  private final long maxFutureEpochs;

  public WallClockPolicy(Clock clock, long maxFutureEpochs) {
    if (maxFutureEpochs < 0) {
      throw new IllegalArgumentException("max future epochs must not be negative, got " + maxFutureEpochs);
    }
    this.clock = clock;
    this.maxFutureEpochs = maxFutureEpochs;
    for (String name : Networks.names()) {
      Network network = Networks.named(name);
      GenesisTimes.of(name).ifPresent(time ->
          network.genesisValidatorsRoot().ifPresent(root -> genesisTimes.put(root, time)));
    }
  }

  @Override
  public boolean pinsOnFirstSight(Bytes32 genesisValidatorsRoot) {
    return BUILT_IN_ROOTS.contains(genesisValidatorsRoot);
  }

  @Override
  public OptionalLong latestSlot(Bytes32 genesisValidatorsRoot) {
    OptionalLong current = currentSlot(genesisValidatorsRoot);
    return current.isEmpty()
        ? current
        : OptionalLong.of(saturatedAdd(current.getAsLong(), saturatedMultiply(maxFutureEpochs, slotsPerEpoch())));
  }

  @Override
  public OptionalLong latestEpoch(Bytes32 genesisValidatorsRoot) {
    OptionalLong current = currentSlot(genesisValidatorsRoot);
    return current.isEmpty()
        ? current
        : OptionalLong.of(saturatedAdd(current.getAsLong() / slotsPerEpoch(), maxFutureEpochs));
  }

  /** The wall clock's slot on that chain (0 before genesis); empty when its genesis time is unknown. */
  private OptionalLong currentSlot(Bytes32 genesisValidatorsRoot) {
    Long genesis = genesisTimes.get(genesisValidatorsRoot);
    if (genesis == null) {
      return OptionalLong.empty();
    }
    long seconds = clock.instant().getEpochSecond() - genesis;
    return OptionalLong.of(Math.max(0, seconds) / GenesisTimes.SECONDS_PER_SLOT);
  }

  /** Every network with a known genesis time uses the mainnet preset. */
  private static long slotsPerEpoch() {
    return Networks.MAINNET.preset().slotsPerEpoch();
  }

  /** Saturates at the largest signed value, far above any slot a wall clock reaches. */
  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
