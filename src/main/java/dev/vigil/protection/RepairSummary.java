package dev.vigil.protection;

import dev.vigil.spec.Bytes32;
import java.util.Optional;

/**
 * What a repair removed or lowered (or would have, when not applied), and the root that was pinned
 * before when it re-pinned the store.
 */
public record RepairSummary(
    long validators, long blocks, long attestations, long watermarks, Optional<Bytes32> replacedRoot) {}
