package dev.vigil.cli;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Network;
import dev.vigil.spec.Networks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The network of --network (a built-in name or a consensus config.yaml) with its genesis validators
 * root: from --genesis-validators-root-file, else the network's own, else the beacon node's. When
 * both the network and a beacon node know the root, they must agree.
 */
final class NetworkChoice {
  private NetworkChoice() {}

  static Network resolve(String network) {
    try {
      return Networks.resolve(network);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("--network: " + e.getMessage());
    }
  }

  static Network withGenesisValidatorsRoot(Network network, Path rootFile, Optional<BeaconNodeClient> beaconNode) {
    Network chosen = network;
    if (rootFile != null) {
      try {
        chosen = network.withGenesisValidatorsRoot(Networks.readGenesisValidatorsRoot(rootFile));
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new IllegalArgumentException("--genesis-validators-root-file: " + e.getMessage());
      }
    }
    if (beaconNode.isPresent()) {
      Bytes32 beaconRoot = beaconNode.get().genesisValidatorsRoot();
      if (chosen.genesisValidatorsRoot().isPresent() && !chosen.genesisValidatorsRoot().get().equals(beaconRoot)) {
        throw new IllegalArgumentException("the beacon node is on another chain: its genesis validators root is "
            + beaconRoot + ", network " + chosen.name() + " has " + chosen.genesisValidatorsRoot().get());
      }
      chosen = chosen.withGenesisValidatorsRoot(beaconRoot);
    }
    if (chosen.genesisValidatorsRoot().isEmpty()) {
      throw new IllegalArgumentException("the genesis validators root of network " + chosen.name()
          + " is not known: give --genesis-validators-root-file or --beacon-node");
    }
    return chosen;
  }
}
