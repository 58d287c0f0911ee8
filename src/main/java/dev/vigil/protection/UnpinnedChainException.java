package dev.vigil.protection;

import dev.vigil.spec.Bytes32;

/**
 * A signing request would pin a genesis validators root that is not a built-in network's: refused,
 * nothing pinned. The operator pins the chain explicitly instead.
 */
public final class UnpinnedChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnpinnedChainException(Bytes32 genesisValidatorsRoot) {
    super("genesis validators root " + genesisValidatorsRoot + " is not a built-in network's, and no root is"
        + " pinned yet: a signing request may not pin it. Start the signer with --network NAME, --network"
        + " config.yaml with a genesis_validators_root.txt beside it, or --genesis-validators-root " + genesisValidatorsRoot);
  }
}
