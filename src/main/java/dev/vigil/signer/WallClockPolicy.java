package dev.vigil.signer;

import dev.vigil.protection.RecordingPolicy;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.GenesisClock;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The signer's {@link RecordingPolicy}: a request may pin on first sight only a built-in network's
 * genesis validators root (any other root is pinned by the operator); on a chain whose slot clock is
 * known (a built-in network's, or the configured network's: see {@link Network#genesisClock}),
 * nothing more than {@code maxFutureEpochs} epochs after the wall clock's epoch is recorded.
 */
public final class WallClockPolicy implements RecordingPolicy {
  /** The networks with a known root and slot clock, by root. */
  private final Map<Bytes32, Network> clocked = new HashMap<>();
  private final Clock clock;
  private final long maxFutureEpochs;

  /**
   * @param configured the network the operator gave (--network), if any: it bounds its own root
   *     unless that is a built-in network's, whose built-in clock is used
   */
  public WallClockPolicy(Clock clock, long maxFutureEpochs, Optional<Network> configured) {
    if (maxFutureEpochs < 0) {
      throw new IllegalArgumentException("max future epochs must not be negative, got " + maxFutureEpochs);
    }
    this.clock = clock;
    this.maxFutureEpochs = maxFutureEpochs;
    Stream.concat(Networks.names().stream().map(Networks::named), configured.stream())
        .filter(network -> network.genesisClock().isPresent())
        .forEach(network -> network.genesisValidatorsRoot().ifPresent(root -> clocked.putIfAbsent(root, network)));
  }

  /** The slot clock that bounds blocks and attestations of that chain; empty when they are not bounded. */
  public Optional<GenesisClock> genesisClock(Bytes32 genesisValidatorsRoot) {
    return Optional.ofNullable(clocked.get(genesisValidatorsRoot)).flatMap(Network::genesisClock);
  }

  @Override
  public boolean pinsOnFirstSight(Bytes32 genesisValidatorsRoot) {
    return Networks.byGenesisValidatorsRoot(genesisValidatorsRoot).isPresent();
  }

  @Override
  public OptionalLong latestSlot(Bytes32 genesisValidatorsRoot) {
    Network network = clocked.get(genesisValidatorsRoot);
    return network == null
        ? OptionalLong.empty()
        : OptionalLong.of(saturatedAdd(currentSlot(network),
            saturatedMultiply(maxFutureEpochs, network.preset().slotsPerEpoch())));
  }

  @Override
  public OptionalLong latestEpoch(Bytes32 genesisValidatorsRoot) {
    Network network = clocked.get(genesisValidatorsRoot);
    return network == null
        ? OptionalLong.empty()
        : OptionalLong.of(saturatedAdd(network.preset().epochAtSlot(currentSlot(network)), maxFutureEpochs));
  }

  /** The wall clock's slot on that chain (0 before genesis). */
  private long currentSlot(Network network) {
    return network.genesisClock().orElseThrow().slotAt(clock.instant());
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
