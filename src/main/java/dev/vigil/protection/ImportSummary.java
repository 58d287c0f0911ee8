package dev.vigil.protection;

/** What an interchange import contained: validators, block records and attestation records. */
public record ImportSummary(int validators, long blocks, long attestations) {}
