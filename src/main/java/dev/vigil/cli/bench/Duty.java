package dev.vigil.cli.bench;

/** One signing request of the replayed load: its Web3Signer type, the validator, and the JSON body. */
public record Duty(String type, int validator, String body) {}
