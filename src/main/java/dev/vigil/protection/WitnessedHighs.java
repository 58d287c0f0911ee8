package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.util.Map;

/**
 * What a freshness witness keeps for one signer identity: the chain it was pinned to on first sight
 * and the highs of its keys.
 */
public record WitnessedHighs(Bytes32 genesisValidatorsRoot, Map<BLSPubkey, Highs> highs) {
  public WitnessedHighs {
    highs = Map.copyOf(highs);
  }
}
