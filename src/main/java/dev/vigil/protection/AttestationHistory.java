package dev.vigil.protection;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the rules need to know about a key's attestations for one request: the records with the
 * same target, one record surrounding it and one surrounded by it (if any), the lowest recorded
 * source and target, and the watermarks left by pruning.
 */
record AttestationHistory(
    List<SignedAttestation> sameTarget,
    Optional<SignedAttestation> surrounding,
    Optional<SignedAttestation> surrounded,
    OptionalLong lowestSource,
    OptionalLong lowestTarget,
    Watermarks watermarks) {}
