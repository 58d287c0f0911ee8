package dev.vigil.spec;

import java.util.Optional;

/**
 * The network a signing request is for, when it can be known: the configured one (--network or a
 * config.yaml) if its genesis validators root is the request's or is not known, else the built-in
 * network with the request's root. Used for the choices that depend on the fork schedule (EIP-7044
 * exits, aggregate containers); protection's pinning of the root is decided elsewhere.
 */
public record NetworkRecognition(Optional<Network> configured) {
  public NetworkRecognition {
    if (configured == null) {
      throw new IllegalArgumentException("configured network: null (use Optional.empty())");
    }
  }

  /** The network of a request with this genesis validators root, empty when it is not known. */
  public Optional<Network> networkOf(Bytes32 genesisValidatorsRoot) {
    Optional<Network> matching = configured.filter(n -> n.genesisValidatorsRoot().isEmpty()
        || n.genesisValidatorsRoot().get().equals(genesisValidatorsRoot));
    return matching.isPresent() ? matching : Networks.byGenesisValidatorsRoot(genesisValidatorsRoot);
  }
}
