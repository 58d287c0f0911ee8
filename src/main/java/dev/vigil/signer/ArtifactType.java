package dev.vigil.signer;

import dev.vigil.spec.InputEcho;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Web3Signer eth2 signing types. */
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
  VALIDATOR_REGISTRATION;

  /** Parses a type name as sent by validator clients (case-insensitive); the message lists valid names. */
  public static ArtifactType parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("type: missing");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "type: unknown signing type '" + InputEcho.bounded(name) + "'; expected one of "
              + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }

  /** Whether slashing protection must decide before a signature of this type is made. */
  public boolean isSlashable() {
    return this == BLOCK || this == BLOCK_V2 || this == ATTESTATION;
  }
}
