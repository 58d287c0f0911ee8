package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import java.util.OptionalLong;

/**
 * What a signing request (unauthenticated, as the Web3Signer API is) may make the store record:
 * which genesis validators root it may pin when none is pinned yet, and how far past the wall
 * clock a slot or epoch may lie. Either one, recorded once, would refuse every honest message after it.
 */
public interface RecordingPolicy {
  /** Whether a request for {@code genesisValidatorsRoot} may pin it while nothing is pinned. */
  boolean pinsOnFirstSight(Bytes32 genesisValidatorsRoot);

  /** The latest slot that may be recorded now on that chain; empty when its clock is not known. */
  OptionalLong latestSlot(Bytes32 genesisValidatorsRoot);

  /** The latest epoch that may be recorded now on that chain; empty when its clock is not known. */
  OptionalLong latestEpoch(Bytes32 genesisValidatorsRoot);
}
