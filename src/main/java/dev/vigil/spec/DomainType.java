package dev.vigil.spec;

/** A DomainType (4 bytes) with the constants of the consensus and builder specs. */
public record DomainType(Bytes4 value) {
  public static final DomainType BEACON_PROPOSER = of("0x00000000");
  public static final DomainType BEACON_ATTESTER = of("0x01000000");
  public static final DomainType RANDAO = of("0x02000000");
  public static final DomainType DEPOSIT = of("0x03000000");
  public static final DomainType VOLUNTARY_EXIT = of("0x04000000");
  public static final DomainType SELECTION_PROOF = of("0x05000000");
  public static final DomainType AGGREGATE_AND_PROOF = of("0x06000000");
  public static final DomainType SYNC_COMMITTEE = of("0x07000000");
  public static final DomainType SYNC_COMMITTEE_SELECTION_PROOF = of("0x08000000");
  public static final DomainType CONTRIBUTION_AND_PROOF = of("0x09000000");
  /** Gloas (EIP-7732): execution payload bids and envelopes. */
  public static final DomainType BEACON_BUILDER = of("0x0B000000");
  /** Gloas (EIP-7732): payload attestations of the payload timeliness committee. */
  public static final DomainType PTC_ATTESTER = of("0x0C000000");
  /** Gloas (EIP-7732): proposer preferences. */
  public static final DomainType PROPOSER_PREFERENCES = of("0x0D000000");
  /** DOMAIN_APPLICATION_BUILDER of the builder specs (validator registrations). */
  public static final DomainType APPLICATION_BUILDER = of("0x00000001");
  /** DOMAIN_BUILDER_REQUEST_AUTH of the builder specs (Gloas): genesis fork version, zero root, like registrations. */
  public static final DomainType BUILDER_REQUEST_AUTH = of("0x0B000001");

  public DomainType {
    if (value == null) {
      throw new IllegalArgumentException("domain type: missing");
    }
  }

  /** Parses hex with or without 0x. */
  public static DomainType of(String hex) {
    return new DomainType(Bytes4.fromHex(hex));
  }
}
