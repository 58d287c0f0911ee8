package dev.vigil.cli;

import dev.vigil.signer.ArtifactType;
import dev.vigil.spec.Bytes32;
import dev.vigil.attestation.VerificationPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    int metricsPort,
    Set<ArtifactType> tokenRequiredTypes,
    boolean allowInsecureMigration,
    boolean allowEmptySlashingProtection,
    Optional<Bytes32> genesisValidatorsRoot,
    long slashingProtectionMaxFutureEpochs,
    FreshnessOptions freshness) {
  /** The freshness flags: witnesses to use, the witness role, the restart hold (docs/tee.md section 3). */
  record FreshnessOptions(
      List<URI> witnesses,
      int quorum,
      Optional<String> identity,
      Optional<Path> tokenFile,
      Duration timeout,
      Optional<Path> witnessTokensFile,
      boolean serveWitness,
      Optional<VerificationPolicy> peerPolicy,
      Optional<Long> restartHoldEpochs) {}
}
