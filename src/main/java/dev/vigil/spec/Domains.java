package dev.vigil.spec;

/** compute_fork_data_root, compute_domain and compute_signing_root of the consensus specs. */
public final class Domains {
  private Domains() {}

  /** compute_fork_data_root(current_version, genesis_validators_root). */
  public static Bytes32 computeForkDataRoot(Bytes4 currentVersion, Bytes32 genesisValidatorsRoot) {
    return new ForkData(currentVersion, genesisValidatorsRoot).hashTreeRoot();
  }

  /** compute_domain: domain_type ‖ fork_data_root[:28]. */
  public static Bytes32 computeDomain(DomainType domainType, Bytes4 forkVersion, Bytes32 genesisValidatorsRoot) {
    byte[] forkDataRoot = computeForkDataRoot(forkVersion, genesisValidatorsRoot).toArray();
    byte[] domain = new byte[Bytes32.SIZE];
    domainType.value().copyTo(domain, 0);
    System.arraycopy(forkDataRoot, 0, domain, Bytes4.SIZE, Bytes32.SIZE - Bytes4.SIZE);
    return new Bytes32(domain);
  }

  /** compute_signing_root: hash_tree_root(SigningData(object_root, domain)). */
  public static Bytes32 computeSigningRoot(Bytes32 objectRoot, Bytes32 domain) {
    return new SigningData(objectRoot, domain).hashTreeRoot();
  }

  /** The deposit domain: valid on every fork, so it uses the genesis fork version and a zero root. */
  public static Bytes32 computeDepositDomain(Bytes4 genesisForkVersion) {
    return computeDomain(DomainType.DEPOSIT, genesisForkVersion, Bytes32.ZERO);
  }

  /** The builder domain (validator registrations): genesis fork version and a zero root. */
  public static Bytes32 computeBuilderDomain(Bytes4 genesisForkVersion) {
    return computeDomain(DomainType.APPLICATION_BUILDER, genesisForkVersion, Bytes32.ZERO);
  }
}
