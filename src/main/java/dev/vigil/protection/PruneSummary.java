package dev.vigil.protection;

/** How many records a prune removed. */
public record PruneSummary(long blocks, long attestations) {}
