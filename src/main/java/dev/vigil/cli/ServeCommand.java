package dev.vigil.cli;

import dev.vigil.api.SigningTokenPolicy;
import dev.vigil.signer.ArtifactType;
import dev.vigil.spec.Bytes32;
import java.nio.file.Path;
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
    Path tokenFile = keyManagerApiTokenFile != null ? keyManagerApiTokenFile : dataDir.resolve("api-token.txt");
    return new ServeConfig(
        dataDir,
        Optional.ofNullable(network),
        Optional.ofNullable(genesisValidatorsRootFile),
        httpListenHost,
        httpListenPort,
        List.copyOf(httpHostAllowlist),
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
        slashingProtectionMaxFutureEpochs);
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

  private static void checkChoice(String flag, String value, List<String> choices) {
    if (!choices.contains(value)) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not one of " + String.join(", ", choices));
    }
  }
}
