package dev.vigil.protection;

/** What a repair removed or lowered (or would have, when not applied). */
public record RepairSummary(long validators, long blocks, long attestations, long watermarks) {}
