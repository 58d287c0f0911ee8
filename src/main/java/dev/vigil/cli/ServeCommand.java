package dev.vigil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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

  @Option(names = "--network", description = "mainnet, sepolia, holesky, hoodi, ephemery, or the path of a consensus config.yaml. Without it: mainnet preset, genesis validators root pinned on first sight.")
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

  @Option(names = "--attestation", defaultValue = "none", description = "Attestation provider: none, gramine-dcap or tsm. Default: ${DEFAULT-VALUE}")
  String attestation;

  @Option(names = "--tee-root", defaultValue = "/", hidden = true, description = "Root under which /dev/attestation and configfs-tsm are found (tests).")
  Path teeRoot;

  @Option(names = "--metrics-enabled", defaultValue = "false", description = "Serve Prometheus metrics on --metrics-port.")
  boolean metricsEnabled;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address of the metrics listener. Default: ${DEFAULT-VALUE}")
  String metricsHost;

  @Option(names = "--metrics-port", defaultValue = "9001", description = "Metrics port. Default: ${DEFAULT-VALUE}")
  int metricsPort;

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
    checkChoice("--attestation", attestation, List.of("none", "gramine-dcap", "tsm"));
    if (httpMaxConnections < 1) {
      throw new IllegalArgumentException("--http-max-connections: must be at least 1, got " + httpMaxConnections);
    }
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
        metricsPort);
  }

  private static void checkChoice(String flag, String value, List<String> choices) {
    if (!choices.contains(value)) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not one of " + String.join(", ", choices));
    }
  }
}
