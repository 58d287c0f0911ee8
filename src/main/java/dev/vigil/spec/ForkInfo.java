package dev.vigil.spec;

/** The fork and genesis validators root a validator client sends with each signing request. */
public record ForkInfo(Fork fork, Bytes32 genesisValidatorsRoot) {
  public ForkInfo {
    if (fork == null) {
      throw new IllegalArgumentException("fork_info.fork: missing");
    }
    if (genesisValidatorsRoot == null) {
      throw new IllegalArgumentException("fork_info.genesis_validators_root: missing");
    }
  }

  /** The fork version in force at {@code epoch}: previous before fork.epoch, current from it (unsigned). */
  public Bytes4 versionAt(long epoch) {
    return Long.compareUnsigned(epoch, fork.epoch()) < 0 ? fork.previousVersion() : fork.currentVersion();
  }

  /** compute_domain(domainType, versionAt(epoch), genesis_validators_root). */
  public Bytes32 domain(DomainType domainType, long epoch) {
    return Domains.computeDomain(domainType, versionAt(epoch), genesisValidatorsRoot);
  }

  /** compute_signing_root(objectRoot, domain(domainType, epoch)). */
  public Bytes32 signingRoot(Bytes32 objectRoot, DomainType domainType, long epoch) {
    return Domains.computeSigningRoot(objectRoot, domain(domainType, epoch));
  }
}
