package dev.vigil.signer;

import dev.vigil.spec.InputEcho;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Web3Signer eth2 signing types (remote-signing-api v1.4.0, with Gloas). */
public enum ArtifactType {
  BLOCK,
  BLOCK_V2,
  ATTESTATION,
  AGGREGATION_SLOT,
  AGGREGATE_AND_PROOF,
  AGGREGATE_AND_PROOF_V2,
  DEPOSIT,
  RANDAO_REVEAL,
  VOLUNTARY_EXIT,
  SYNC_COMMITTEE_MESSAGE,
  SYNC_COMMITTEE_SELECTION_PROOF,
  SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF,
  VALIDATOR_REGISTRATION,
  EXECUTION_PAYLOAD_BID,
  EXECUTION_PAYLOAD_ENVELOPE,
  PAYLOAD_ATTESTATION_MESSAGE,
  PROPOSER_PREFERENCES,
  BUILDER_REQUEST_AUTH;

  /** Names validator clients already send for the Gloas types (Lighthouse, Lodestar). */
  private static final Map<String, ArtifactType> ALIASES = Map.of(
      "PAYLOAD_ATTESTATION", PAYLOAD_ATTESTATION_MESSAGE,
      "REQUEST_AUTH", BUILDER_REQUEST_AUTH);

  /** Parses a type name as sent by validator clients (case-insensitive, aliases too); the message lists valid names. */
  public static ArtifactType parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("type: missing");
    }
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (ALIASES.containsKey(upper)) {
      return ALIASES.get(upper);
    }
    try {
      return valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "type: unknown signing type '" + InputEcho.bounded(name) + "'; expected one of "
              + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
              + " (or " + String.join(", ", ALIASES.keySet().stream().sorted().toList()) + ")");
    }
  }

  /**
   * Whether slashing protection must decide before a signature of this type is made. None of the
   * Gloas types is: the specs define proposer and attester slashings only, over BeaconBlockHeader
   * (DOMAIN_BEACON_PROPOSER) and IndexedAttestation (DOMAIN_BEACON_ATTESTER); the Gloas messages are
   * signed under domains of their own, so no signature over them can serve as slashing evidence.
   */
  public boolean isSlashable() {
    return this == BLOCK || this == BLOCK_V2 || this == ATTESTATION;
  }
}
