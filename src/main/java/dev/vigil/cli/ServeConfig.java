package dev.vigil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The checked configuration of {@code vigil serve} (see {@link ServeCommand} for each flag). */
record ServeConfig(
    Path dataDir,
    Optional<String> network,
    Optional<Path> genesisValidatorsRootFile,
    String httpListenHost,
    int httpListenPort,
    List<String> httpHostAllowlist,
    int httpMaxConnections,
    Optional<Path> tlsKeystoreFile,
    Optional<Path> tlsKeystorePasswordFile,
    Optional<Path> tlsKnownClientsFile,
    boolean tlsAllowAnyClient,
    Optional<Path> keystoresPath,
    Optional<Path> keystoresPasswordsPath,
    Optional<Path> keystoresPasswordFile,
    Path keyManagerApiTokenFile,
    Optional<String> slashingProtectionDbUrl,
    Optional<Long> slashingProtectionPruningEpochs,
    String sealing,
    Optional<Path> sealingPassphraseFile,
    Optional<String> sealingPolicy,
    String attestation,
    Path teeRoot,
    boolean metricsEnabled,
    String metricsHost,
    int metricsPort) {}
