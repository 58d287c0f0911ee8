package dev.vigil.signer;

import dev.vigil.spec.Bytes32;

/** What slashing protection must know about a block or an attestation before it is signed. */
public sealed interface SlashableData {
  /** The chain the message is for; protection refuses another chain's messages. */
  Bytes32 genesisValidatorsRoot();

  record Block(long slot, Bytes32 genesisValidatorsRoot) implements SlashableData {}

  record Attestation(long sourceEpoch, long targetEpoch, Bytes32 genesisValidatorsRoot)
      implements SlashableData {}
}
