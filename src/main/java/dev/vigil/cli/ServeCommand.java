package dev.vigil.cli;

import dev.vigil.api.SigningTokenPolicy;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.signer.ArtifactType;
import dev.vigil.signer.FreshnessQuorum;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil serve}: the Web3Signer-compatible signing server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the signer: the Web3Signer eth2 signing API, the Keymanager API, health and metrics.",
      "Keys are kept sealed in the data dir; blocks and attestations pass slashing protection first."
    },
    footer = {
      "",
      "Every option can also be given as an environment variable VIGIL_<OPTION_IN_UPPER_SNAKE>,",
      "e.g. VIGIL_HTTP_LISTEN_PORT=9000. The command line wins over the environment."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "./vigil-data", description = "Data directory (sealed keys, slashing protection, API token). Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--network", description = "mainnet, sepolia, holesky, hoodi, ephemery, or the path of a consensus config.yaml. Without it: mainnet preset, and only a built-in network's genesis validators root is pinned on first sight.")
  String network;

  @Option(names = "--genesis-validators-root-file", description = "File with the genesis validators root (hex) for --network ephemery or a config.yaml network.")
  Path genesisValidatorsRootFile;

  @Option(names = "--http-listen-host", defaultValue = "127.0.0.1", description = "Address to listen on (any local address, e.g. 0.0.0.0). Default: ${DEFAULT-VALUE}")
  String httpListenHost;

  @Option(names = "--http-listen-port", defaultValue = "9000", description = "HTTP(S) port. Default: ${DEFAULT-VALUE}")
  int httpListenPort;

  @Option(names = "--http-host-allowlist", split = ",", defaultValue = "localhost,127.0.0.1", description = "Host header values allowed, comma separated; * for any. Default: ${DEFAULT-VALUE}")
  List<String> httpHostAllowlist;

  @Option(names = "--http-max-connections", defaultValue = "1024", description = "Most connections open at once on the HTTP(S) port; more wait in the kernel's queue, and idle ones are closed after 1 s while the limit is reached. Default: ${DEFAULT-VALUE}")
  int httpMaxConnections;

  @Option(names = "--tls-keystore-file", description = "PKCS#12 keystore with the server's TLS key and certificate; enables HTTPS.")
  Path tlsKeystoreFile;

  @Option(names = "--tls-keystore-password-file", description = "File holding the TLS keystore password.")
  Path tlsKeystorePasswordFile;

  @Option(names = "--tls-known-clients-file", description = "File of allowed client certificates: '<name> <SHA-256 fingerprint>' per line; clients must present one.")
  Path tlsKnownClientsFile;

  @Option(names = "--tls-allow-any-client", defaultValue = "false", description = "With TLS, accept clients without a client certificate.")
  boolean tlsAllowAnyClient;

  @Option(names = "--keystores-path", description = "Directory of EIP-2335 keystores (*.json) imported into the sealed store at start.")
  Path keystoresPath;

  @Option(names = "--keystores-passwords-path", description = "Directory with one password file per keystore, same base name (<name>.txt or <name>).")
  Path keystoresPasswordsPath;

  @Option(names = "--keystores-password-file", description = "One password file for every keystore in --keystores-path.")
  Path keystoresPasswordFile;

  @Option(names = "--key-manager-api-token-file", description = "Bearer token file of the Keymanager API; created with a random token (mode 0600) if absent. Default: <data-dir>/api-token.txt")
  Path keyManagerApiTokenFile;

  @Option(names = "--slashing-protection-db-url", description = "Slashing-protection database: jdbc:postgresql://… for a shared database. Default: SQLite in the data dir.")
  String slashingProtectionDbUrl;

  @Option(names = "--slashing-protection-pruning-epochs", description = "Prune protection history more than this many epochs behind each key's newest record (off by default).")
  Long slashingProtectionPruningEpochs;

  @Option(names = "--sealing", defaultValue = "file", description = "Sealing provider: file, passphrase or gramine. Default: ${DEFAULT-VALUE}")
  String sealing;

  @Option(names = "--sealing-passphrase-file", description = "Passphrase file for --sealing passphrase.")
  Path sealingPassphraseFile;

  @Option(names = "--sealing-policy", description = "Gramine sealing policy: mrsigner (default: an upgraded build signed by the same key keeps its keys) or mrenclave.")
  String sealingPolicy;

  @Option(names = "--attestation", defaultValue = "none", description = "Attestation provider: none, gramine-dcap, tsm, nitro (AWS Nitro Enclaves, /dev/nsm) or azure-vtpm (Azure confidential VM vTPM). Default: ${DEFAULT-VALUE}")
  String attestation;

  @Option(names = "--tee-root", defaultValue = "/", hidden = true, description = "Root under which /dev/attestation and configfs-tsm are found (tests).")
  Path teeRoot;

  @Option(names = "--metrics-enabled", defaultValue = "false", description = "Serve Prometheus metrics on --metrics-port.")
  boolean metricsEnabled;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address of the metrics listener. Default: ${DEFAULT-VALUE}")
  String metricsHost;

  @Option(names = "--metrics-port", defaultValue = "9001", description = "Metrics port. Default: ${DEFAULT-VALUE}")
  int metricsPort;

  @Option(names = "--require-token-for", split = ",", paramLabel = "TYPE",
      description = "Signing types that, like DEPOSIT (always), are signed only with the Keymanager API bearer token: "
          + "VOLUNTARY_EXIT and/or VALIDATOR_REGISTRATION, comma separated. Validator clients send neither with a token: "
          + "with VALIDATOR_REGISTRATION here builder (MEV) registrations fail; with VOLUNTARY_EXIT exits must come from "
          + "`vigil exit --api-token-file`. Default: none.")
  List<String> requireTokenFor = new ArrayList<>();

  @Option(names = "--allow-insecure-migration", defaultValue = "false",
      description = "Let POST /eth/v1/migration/export send this signer's secret keys although it runs without a TEE "
          + "(--attestation none): anyone with the API token can then take the keys. Off by default; refused with a "
          + "hardware --attestation or --sealing gramine (a TEE exports only to evidence passing its own policy).")
  boolean allowInsecureMigration;

  // Slashing protection fail-closed policy (issue 16).
  @Option(names = "--allow-empty-slashing-protection", defaultValue = "false", description = "Start with a new, empty slashing-protection database although the data dir holds sealed keys. Their signing history is then lost and signing them again MAY GET THEM SLASHED: only for keys that never signed, otherwise import their history with `vigil protection import` instead.")
  boolean allowEmptySlashingProtection;

  @Option(names = "--genesis-validators-root", paramLabel = "HEX", description = "Pin this genesis validators root (a network without a built-in root, or no --network). Without it and without a known root, only a built-in network's root is pinned on first sight.")
  String genesisValidatorsRoot;

  @Option(names = "--slashing-protection-max-future-epochs", defaultValue = "2", description = "On a network whose genesis time is known (built in, or from the genesis.ssz or MIN_GENESIS_TIME of a config.yaml network), refuse blocks and attestations more than this many epochs after the wall clock's epoch (a far-future record would block every honest one). Default: ${DEFAULT-VALUE}")
  long slashingProtectionMaxFutureEpochs;

  @Option(names = "--freshness-witness", paramLabel = "URL", description = "Base URL of a freshness witness (another Vigil with --freshness-witness-tokens-file); repeatable. Blocks and attestations are released only after --freshness-quorum of them acknowledged (docs/tee.md section 3).")
  List<String> freshnessWitnesses = new ArrayList<>();

  @Option(names = "--freshness-quorum", paramLabel = "K", description = "Witnesses that must acknowledge each block or attestation (at start max(K, N-K+1) of the N must answer). Default: a majority of the --freshness-witness URLs.")
  Integer freshnessQuorum;

  @Option(names = "--freshness-identity", description = "This signer's name at its witnesses (the same at every restart); required with --freshness-witness.")
  String freshnessIdentity;

  @Option(names = "--freshness-token-file", description = "File with the token this signer shares with its witnesses; required with --freshness-witness unless sessions are attested (--freshness-peer-measurement).")
  Path freshnessTokenFile;

  @Option(names = "--freshness-timeout-ms", defaultValue = "2000", description = "How long a block or attestation waits for its witness acknowledgements before a 503. Default: ${DEFAULT-VALUE}")
  long freshnessTimeoutMs;

  @Option(names = "--freshness-witness-tokens-file", description = "Serve as a freshness witness for other signers: a file of '<signer identity> <token>' lines.")
  Path freshnessWitnessTokensFile;

  @Option(names = "--freshness-serve-witness", defaultValue = "false", description = "Serve as a freshness witness with attested sessions only (no tokens file); needs --freshness-peer-measurement or --freshness-allow-insecure-peers.")
  boolean freshnessServeWitness;

  @Option(names = "--freshness-peer-measurement", paramLabel = "KIND:HEX", description = "Attested freshness sessions (in a TEE): the peer's evidence (a witness's, or as a witness a signer's) must have this measurement; KIND is mrenclave, mrsigner, mrtd or measurement (SEV-SNP). Repeat for several kinds.")
  List<String> freshnessPeerMeasurements = new ArrayList<>();

  @Option(names = "--freshness-allow-insecure-peers", defaultValue = "false", description = "Attested freshness sessions accept insecure-none evidence (development and tests only: it proves nothing).")
  boolean freshnessAllowInsecurePeers;

  @Option(names = "--restart-hold-epochs", paramLabel = "N", description = "Without witnesses: refuse blocks and attestations for N epochs of wall-clock time after start (the host controls the clock).")
  Long restartHoldEpochs;

  @Override
  public Integer call() throws Exception {
    try (VigilService service = VigilService.start(toConfig())) {
      service.awaitShutdown();
    }
    return 0;
  }

  /** Checks the options together and turns them into a configuration; the message names the flag. */
  ServeConfig toConfig() {
    if (keystoresPasswordsPath != null && keystoresPasswordFile != null) {
      throw new IllegalArgumentException("--keystores-passwords-path and --keystores-password-file cannot be used together");
    }
    if (keystoresPath != null && keystoresPasswordsPath == null && keystoresPasswordFile == null) {
      throw new IllegalArgumentException("--keystores-path needs --keystores-passwords-path or --keystores-password-file");
    }
    if (keystoresPath == null && (keystoresPasswordsPath != null || keystoresPasswordFile != null)) {
      throw new IllegalArgumentException("keystore passwords given without --keystores-path");
    }
    if (tlsKeystoreFile == null && (tlsKeystorePasswordFile != null || tlsKnownClientsFile != null || tlsAllowAnyClient)) {
      throw new IllegalArgumentException("TLS options given without --tls-keystore-file");
    }
    if (tlsKeystoreFile != null && tlsKeystorePasswordFile == null) {
      throw new IllegalArgumentException("--tls-keystore-file needs --tls-keystore-password-file");
    }
    checkChoice("--attestation", attestation, List.of("none", "gramine-dcap", "tsm", "nitro", "azure-vtpm"));
    if (allowInsecureMigration && (!attestation.equals("none") || sealing.equals("gramine"))) {
      // With --sealing gramine the keys are an enclave's even when the host passes --attestation none.
      throw new IllegalArgumentException("--allow-insecure-migration: this signer runs in a TEE (--attestation " + attestation
          + ", --sealing " + sealing + "); it exports keys only to evidence that passes its own policy, never insecurely");
    }
    if (genesisValidatorsRoot != null && genesisValidatorsRootFile != null) {
      throw new IllegalArgumentException("--genesis-validators-root and --genesis-validators-root-file cannot be used together");
    }
    if (slashingProtectionMaxFutureEpochs < 0) {
      throw new IllegalArgumentException("--slashing-protection-max-future-epochs: must not be negative, got " + slashingProtectionMaxFutureEpochs);
    }
    if (httpMaxConnections < 1) {
      throw new IllegalArgumentException("--http-max-connections: must be at least 1, got " + httpMaxConnections);
    }
    ServeConfig.FreshnessOptions freshness = freshnessOptions();
    Path tokenFile = keyManagerApiTokenFile != null ? keyManagerApiTokenFile : dataDir.resolve("api-token.txt");
    return new ServeConfig(
        dataDir,
        Optional.ofNullable(network),
        Optional.ofNullable(genesisValidatorsRootFile),
        httpListenHost,
        httpListenPort,
        List.copyOf(httpHostAllowlist),
        httpMaxConnections,
        Optional.ofNullable(tlsKeystoreFile),
        Optional.ofNullable(tlsKeystorePasswordFile),
        Optional.ofNullable(tlsKnownClientsFile),
        tlsAllowAnyClient,
        Optional.ofNullable(keystoresPath),
        Optional.ofNullable(keystoresPasswordsPath),
        Optional.ofNullable(keystoresPasswordFile),
        tokenFile,
        Optional.ofNullable(slashingProtectionDbUrl),
        Optional.ofNullable(slashingProtectionPruningEpochs),
        sealing,
        Optional.ofNullable(sealingPassphraseFile),
        Optional.ofNullable(sealingPolicy),
        attestation,
        teeRoot,
        metricsEnabled,
        metricsHost,
        metricsPort,
        tokenRequiredTypes(),
        allowInsecureMigration,
        allowEmptySlashingProtection,
        Optional.ofNullable(genesisValidatorsRoot).map(hex -> HexArguments.parse("--genesis-validators-root", hex, Bytes32::fromHex)),
        slashingProtectionMaxFutureEpochs,
        freshness);
  }

  private Set<ArtifactType> tokenRequiredTypes() {
    Set<ArtifactType> types = EnumSet.noneOf(ArtifactType.class);
    for (String name : requireTokenFor) {
      ArtifactType type = SigningTokenPolicy.OPTIONAL.stream()
          .filter(optional -> optional.name().equalsIgnoreCase(name.strip()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--require-token-for: '" + name + "' is not one of "
              + SigningTokenPolicy.OPTIONAL.stream().map(Enum::name).collect(Collectors.joining(", "))
              + " (DEPOSIT always needs the token)"));
      types.add(type);
    }
    return types;
  }

  private ServeConfig.FreshnessOptions freshnessOptions() {
    List<URI> witnesses = new ArrayList<>();
    for (String url : freshnessWitnesses) {
      try {
        URI uri = new URI(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          throw new URISyntaxException(url, "expected http://host:port or https://host:port");
        }
        witnesses.add(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--freshness-witness: '" + url + "' is not a witness URL: " + e.getReason());
      }
    }
    if (witnesses.isEmpty() && (freshnessQuorum != null || freshnessIdentity != null || freshnessTokenFile != null)) {
      throw new IllegalArgumentException("--freshness-quorum, --freshness-identity and --freshness-token-file need --freshness-witness");
    }
    Optional<VerificationPolicy> peerPolicy = peerPolicy();
    if (!witnesses.isEmpty() && (freshnessIdentity == null || freshnessIdentity.isBlank())) {
      throw new IllegalArgumentException("--freshness-witness needs --freshness-identity");
    }
    if (!witnesses.isEmpty() && (freshnessTokenFile == null) == peerPolicy.isEmpty()) {
      throw new IllegalArgumentException("--freshness-witness needs either --freshness-token-file (outside a TEE) or"
          + " --freshness-peer-measurement (attested sessions), not both");
    }
    if (freshnessServeWitness && peerPolicy.isEmpty()) {
      throw new IllegalArgumentException("--freshness-serve-witness needs --freshness-peer-measurement or --freshness-allow-insecure-peers");
    }
    if (!witnesses.isEmpty() && restartHoldEpochs != null) {
      throw new IllegalArgumentException("--restart-hold-epochs is for a signer without --freshness-witness");
    }
    if (restartHoldEpochs != null && restartHoldEpochs < 0) {
      throw new IllegalArgumentException("--restart-hold-epochs: must not be negative, got " + restartHoldEpochs);
    }
    if (freshnessTimeoutMs <= 0) {
      throw new IllegalArgumentException("--freshness-timeout-ms: must be positive, got " + freshnessTimeoutMs);
    }
    int quorum = freshnessQuorum != null ? freshnessQuorum : FreshnessQuorum.majority(witnesses.size());
    return new ServeConfig.FreshnessOptions(List.copyOf(witnesses), quorum, Optional.ofNullable(freshnessIdentity),
        Optional.ofNullable(freshnessTokenFile), Duration.ofMillis(freshnessTimeoutMs),
        Optional.ofNullable(freshnessWitnessTokensFile), freshnessServeWitness || freshnessWitnessTokensFile != null,
        peerPolicy, Optional.ofNullable(restartHoldEpochs));
  }

  /** The policy peers' evidence must pass in attested freshness sessions, if they are asked for. */
  private Optional<VerificationPolicy> peerPolicy() {
    if (freshnessPeerMeasurements.isEmpty() && !freshnessAllowInsecurePeers) {
      return Optional.empty();
    }
    VerificationPolicy policy = VerificationPolicy.strict().withAllowInsecure(freshnessAllowInsecurePeers);
    for (String measurement : freshnessPeerMeasurements) {
      String[] parts = measurement.split(":", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--freshness-peer-measurement: expected KIND:HEX, got '" + measurement + "'");
      }
      byte[] value = HexArguments.parse("--freshness-peer-measurement", parts[1], Hex::decode);
      policy = switch (parts[0]) {
        case "mrenclave" -> policy.withExpectedMrEnclave(value);
        case "mrsigner" -> policy.withExpectedMrSigner(value);
        case "mrtd" -> policy.withExpectedMrTd(value);
        case "measurement" -> policy.withExpectedMeasurement(value);
        default -> throw new IllegalArgumentException("--freshness-peer-measurement: KIND '" + parts[0]
            + "' is not one of mrenclave, mrsigner, mrtd, measurement");
      };
    }
    return Optional.of(policy);
  }

  private static void checkChoice(String flag, String value, List<String> choices) {
    if (!choices.contains(value)) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not one of " + String.join(", ", choices));
    }
  }
}
