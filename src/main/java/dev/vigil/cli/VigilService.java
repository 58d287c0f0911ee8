package dev.vigil.cli;

import dev.vigil.api.AttestationRoutes;
import dev.vigil.api.FreshnessRoutes;
import dev.vigil.api.BearerToken;
import dev.vigil.api.ConnectionBounds;
import dev.vigil.api.HealthRoutes;
import dev.vigil.api.HttpServer;
import dev.vigil.api.HttpServerOptions;
import dev.vigil.api.JsonBodies;
import dev.vigil.api.KeymanagerRoutes;
import dev.vigil.api.MetricsServer;
import dev.vigil.api.MigrationRoutes;
import dev.vigil.api.Routes;
import dev.vigil.api.SigningRoutes;
import dev.vigil.api.SigningTokenPolicy;
import dev.vigil.api.TlsOptions;
import dev.vigil.api.Web3SignerRequestDecoder;
import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.AttestationProviders;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.LoadFailure;
import dev.vigil.keys.LoadResult;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.keys.SealingProvider;
import dev.vigil.keys.UnsealedKey;
import dev.vigil.protection.GuardedSlashingProtection;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.signer.FreshnessAuth;
import dev.vigil.signer.FreshnessGuard;
import dev.vigil.signer.FreshnessQuorum;
import dev.vigil.signer.FreshnessWitness;
import dev.vigil.signer.KeyGenerator;
import dev.vigil.signer.KeyManager;
import dev.vigil.signer.KeyMigration;
import dev.vigil.signer.KeyRing;
import dev.vigil.signer.KeystoreDirectoryImport;
import dev.vigil.signer.RestartHold;
import dev.vigil.signer.Signer;
import dev.vigil.signer.SigningMetrics;
import dev.vigil.signer.WallClockPolicy;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.GenesisClock;
import dev.vigil.spec.Network;
import dev.vigil.spec.NetworkRecognition;
import dev.vigil.spec.Networks;
import dev.vigil.spec.json.BoundedJson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running signer: the data dir held, keys unsealed, slashing protection open, HTTP serving.
 * Closing it stops everything in reverse order.
 */
final class VigilService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilService.class);
  /**
   * Check-and-records in flight at once: each waits for a durable commit, and those waiting together
   * share one (SQLite group commit) or run side by side (PostgreSQL pool).
   */
  private static final int PROTECTION_THREADS = 64;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private HttpServer http;
  private MetricsServer metrics;
  private KeyRing keys;
  private List<String> keyProblems = List.of();
  private SlashingProtection protection;
  private FreshnessGuard freshness = FreshnessGuard.NONE;

  private VigilService() {}

  static VigilService start(ServeConfig config) throws Exception {
    VigilService service = new VigilService();
    try {
      service.startAll(config);
      return service;
    } catch (Exception | Error e) {
      service.close();
      throw e;
    }
  }

  private void startAll(ServeConfig config) throws Exception {
    long started = System.nanoTime();
    DataDirPermissions.createPrivate(config.dataDir());
    resources.add(DataDirLock.acquire(config.dataDir()));
    DataDirPermissions.tighten(config.dataDir(), true);
    Network network = network(config);
    int cores = Runtime.getRuntime().availableProcessors();

    SealingProvider sealing = SealingProvider.fromFlags(
        config.sealing(), config.sealingPassphraseFile(), config.sealingPolicy(), config.teeRoot());
    PruningPolicy pruning = config.slashingProtectionPruningEpochs()
        .map(epochs -> new PruningPolicy(epochs * network.preset().slotsPerEpoch(), epochs))
        .orElse(PruningPolicy.OFF);
    Optional<String> refuseNewStore = refuseNewStore(config);
    // Opening the store (schema migration) does not depend on the keys: it overlaps their unsealing.
    CompletableFuture<SlashingProtection> opening = CompletableFuture.supplyAsync(
        () -> SlashingProtectionStores.open(
            config.slashingProtectionDbUrl().orElse(null), config.dataDir(), pruning, refuseNewStore),
        runnable -> daemonThreads("vigil-open-protection").newThread(runnable).start());
    SealedKeyStore sealedKeys;
    int unsealed;
    KeystoreDirectoryImport.Summary imported = null;
    try {
      sealedKeys = SealedKeyStore.open(config.dataDir(), sealing);
      keys = new KeyRing();
      List<String> problems = new ArrayList<>();
      unsealed = loadSealedKeys(sealedKeys, problems);
      if (config.keystoresPath().isPresent()) {
        imported = new KeystoreDirectoryImport(sealedKeys, keys, keystoreDecryptThreads(cores, Runtime.getRuntime().maxMemory()))
            .run(config.keystoresPath().get(), passwords(config));
        imported.failures().forEach(f -> problems.add("keystore " + f.file() + ": " + f.reason()));
      }
      keyProblems = List.copyOf(problems);
    } catch (Exception | Error e) {
      opening.thenAccept(SlashingProtection::close);
      throw e;
    }
    protection = await(opening);
    resources.add(protection);
    if (config.network().isPresent() || config.genesisValidatorsRoot().isPresent()
        || config.genesisValidatorsRootFile().isPresent()) {
      network.genesisValidatorsRoot().ifPresent(protection::pinGenesisValidatorsRoot);
    }

    String token = ApiTokenFile.loadOrCreate(config.keyManagerApiTokenFile(), new SecureRandom());
    // What SQLite and the locks created just now (0644 under the default umask).
    DataDirPermissions.tighten(config.dataDir(), false);
    PrometheusRegistry registry = new PrometheusRegistry();
    ExecutorService signingPool = Executors.newFixedThreadPool(cores, daemonThreads("vigil-signing"));
    resources.add(signingPool::shutdownNow);
    ExecutorService protectionPool = Executors.newFixedThreadPool(PROTECTION_THREADS, daemonThreads("vigil-protection"));
    resources.add(protectionPool::shutdownNow);
    AttestationProvider attestation = AttestationProviders.create(config.attestation(), config.teeRoot());
    freshness = freshnessGuard(config.freshness(), network, attestation);
    WallClockPolicy wallClock = new WallClockPolicy(
        Clock.systemUTC(), config.slashingProtectionMaxFutureEpochs(), config.network().map(name -> network));
    logFutureBound(config, network, wallClock);
    SlashingProtection guarded = new GuardedSlashingProtection(protection, wallClock);
    Signer signer = new Signer(
        keys, guarded, protectionPool, signingPool, new SigningMetrics(registry, keys::size), freshness);
    KeyManager keyManager = new KeyManager(keys, signer, sealedKeys, protection);
    JsonBodies json = new JsonBodies(BoundedJson.mapper());
    if (!attestation.hardwareBacked()) {
      LOG.warn("--attestation {}: key evidence is NOT hardware-backed (insecure-none); verifiers accept it only with --allow-insecure",
          attestation.name());
    }
    BearerToken bearer = new BearerToken(token);
    KeyGenerator generator = new KeyGenerator(keys, sealedKeys, attestation, new SecureRandom());
    KeyMigration migration = new KeyMigration(
        keys, signer, sealedKeys, protection, attestation, new EvidenceVerifier(), new SecureRandom(),
        HttpServerOptions.MAX_BODY_BYTES, config.allowInsecureMigration(), Clock.systemUTC());
    if (config.allowInsecureMigration()) {
      LOG.warn("--allow-insecure-migration: this signer runs WITHOUT a TEE and EXPORTS ITS SECRET KEYS to any migration "
          + "offer that a holder of its API token accepts; turn it off once the migration is done");
    }

    SigningTokenPolicy tokenPolicy = new SigningTokenPolicy(bearer, config.tokenRequiredTypes());
    LOG.info("signing types signed only with the Keymanager API token: {}", tokenPolicy.requiredTypes());
    List<Routes> routes = new ArrayList<>(List.of(
        new HealthRoutes(json, this::healthChecks),
        new SigningRoutes(signer, keys, new Web3SignerRequestDecoder(network, new NetworkRecognition(config.network().map(name -> network))), json, tokenPolicy),
        new KeymanagerRoutes(keyManager, keys, bearer, json),
        new AttestationRoutes(generator, keys, attestation, bearer, json),
        new MigrationRoutes(migration, bearer, json)));
    if (config.freshness().serveWitness()) {
      Optional<Path> tokens = config.freshness().witnessTokensFile();
      Map<String, String> witnessTokens = tokens.isPresent()
          ? FreshnessWitness.readTokens(Files.readString(tokens.get()), tokens.get().toString()) : Map.of();
      routes.add(new FreshnessRoutes(new FreshnessWitness(protection, witnessTokens,
          config.freshness().peerPolicy().map(policy -> new FreshnessAuth.Attested(attestation, new EvidenceVerifier(), policy))),
          json));
    }
    http = HttpServer.start(httpOptions(config), json, routes);
    resources.add(http);
    if (config.metricsEnabled()) {
      metrics = MetricsServer.start(config.metricsHost(), config.metricsPort(), registry);
      resources.add(metrics);
    }
    LOG.info(
        "vigil ready in {} ms: {} key(s) ({} unsealed from {}, {}), network {}, slashing protection {}, sealing {}, {}://{}:{}{}",
        (System.nanoTime() - started) / 1_000_000,
        keys.size(),
        unsealed,
        config.dataDir().resolve("keys"),
        imported == null ? "no keystores path" : imported.imported() + " newly imported from " + config.keystoresPath().get(),
        config.network().map(n -> network.name()).orElse(config.genesisValidatorsRoot().isPresent()
            || config.genesisValidatorsRootFile().isPresent()
            ? "mainnet preset, genesis validators root pinned by the operator"
            : "mainnet preset, a built-in network's genesis validators root pinned on first sight"),
        config.slashingProtectionDbUrl().map(VigilService::withoutCredentials).orElse("SQLite in " + config.dataDir()),
        sealing.name(),
        config.tlsKeystoreFile().isPresent() ? "https" : "http",
        config.httpListenHost(),
        http.port(),
        metrics == null ? "" : ", metrics on port " + metrics.port());
    if (!keyProblems.isEmpty()) {
      LOG.error("{} key(s) could not be loaded; /healthcheck reports DOWN until fixed", keyProblems.size());
    }
  }

  /**
   * The freshness guard the flags ask for. With witnesses, asking them for their highs starts at
   * once and is retried until enough answer; blocks and attestations get 503 until then.
   */
  private FreshnessGuard freshnessGuard(ServeConfig.FreshnessOptions options, Network network, AttestationProvider attestation) {
    if (options.restartHoldEpochs().isPresent()) {
      RestartHold hold = new RestartHold(options.restartHoldEpochs().get(), network.preset().slotsPerEpoch(), Clock.systemUTC());
      LOG.warn("--restart-hold-epochs {}: blocks and attestations refused until {} by this host's clock; a host that can"
          + " roll back the data dir can move the clock too (use --freshness-witness for a real defence)",
          options.restartHoldEpochs().get(), hold.until());
      return hold;
    }
    if (options.witnesses().isEmpty()) {
      return FreshnessGuard.NONE;
    }
    Bytes32 chain = network.genesisValidatorsRoot().or(protection::genesisValidatorsRoot).orElseThrow(() ->
        new IllegalArgumentException("--freshness-witness needs the chain: give --network (or a store already pinned to one)"));
    // The witnesses' highs are for this chain: the store must not pin another on first sight.
    protection.pinGenesisValidatorsRoot(chain);
    FreshnessAuth auth = options.tokenFile().isPresent()
        ? new FreshnessAuth.Token(readPassword(options.tokenFile().get()))
        : new FreshnessAuth.Attested(attestation, new EvidenceVerifier(), options.peerPolicy().orElseThrow());
    FreshnessQuorum quorum = new FreshnessQuorum(options.witnesses(), options.quorum(), options.identity().orElseThrow(),
        chain, auth, options.timeout(), protection);
    ScheduledExecutorService asking = Executors.newSingleThreadScheduledExecutor(daemonThreads("vigil-freshness"));
    resources.add(asking::shutdownNow);
    asking.execute(new Runnable() {
      private long delayMs = 250;

      @Override
      public void run() {
        boolean done;
        try {
          done = quorum.recover();
        } catch (RuntimeException e) {
          LOG.warn("freshness: cannot raise the floors yet: {}", e.getMessage());
          done = false;
        }
        if (!done) {
          asking.schedule(this, delayMs, TimeUnit.MILLISECONDS);
          delayMs = Math.min(delayMs * 2, 10_000);
        }
      }
    });
    return quorum;
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Loads every sealed key without deriving its public key: the sealed file binds the public key to
   * the secret (AES-GCM associated data), and the signer checks the pair before a key's first use.
   */
  private int loadSealedKeys(SealedKeyStore sealedKeys, List<String> problems) {
    try (LoadResult result = sealedKeys.loadAll()) {
      for (UnsealedKey key : result.keys()) {
        keys.add(key.pubkey(), BlsSecretKey.fromBytes(key.secret()));
      }
      for (LoadFailure failure : result.failures()) {
        LOG.error("sealed key file {} not loaded: {}", failure.file(), failure.message());
        problems.add("sealed key file " + failure.file() + ": " + failure.message());
      }
      return result.keys().size();
    }
  }

  private List<HealthRoutes.Check> healthChecks() {
    Map<String, Object> keyData = new LinkedHashMap<>();
    keyData.put("loaded", keys.size());
    keyData.put("errors", keyProblems);
    Optional<String> fault = protection.fault();
    boolean storeUp = fault.isEmpty() && protection.isReachable();
    Map<String, Object> storeData = new LinkedHashMap<>();
    storeData.put("reachable", storeUp);
    fault.ifPresent(reason -> storeData.put("error", reason));
    List<HealthRoutes.Check> checks = new ArrayList<>(List.of(
        new HealthRoutes.Check("keys-check", keyProblems.isEmpty(), keyData),
        new HealthRoutes.Check("slashing-protection-db-check", storeUp, storeData)));
    if (freshness != FreshnessGuard.NONE) {
      Optional<String> reason = freshness.notReadyReason();
      checks.add(new HealthRoutes.Check("freshness-check", reason.isEmpty(),
          reason.<Map<String, Object>>map(r -> Map.of("reason", r)).orElse(Map.of())));
    }
    return checks;
  }

  /**
   * Sealed keys without their signing history could sign again what they signed before: no new,
   * empty store is created for them unless the operator says so.
   */
  private static Optional<String> refuseNewStore(ServeConfig config) {
    int sealed = SealedKeyStore.sealedFileCount(config.dataDir());
    if (sealed == 0 || config.allowEmptySlashingProtection()) {
      return Optional.empty();
    }
    String where = config.slashingProtectionDbUrl().map(VigilService::withoutCredentials)
        .orElse(config.dataDir().resolve(SlashingProtectionStores.SQLITE_FILE_NAME).toString());
    return Optional.of("refusing to create an empty slashing protection database (" + where + "): the data dir "
        + config.dataDir() + " holds " + sealed + " sealed key(s), and without their signing history they could"
        + " sign a slashable double vote or proposal. Restore the database from a backup, or import their"
        + " history first with `vigil protection import --data-dir " + config.dataDir()
        + (config.slashingProtectionDbUrl().isPresent() ? " --slashing-protection-db-url URL" : "")
        + " --input FILE` (an EIP-3076 file exported from the signer that held them); only if these keys"
        + " never signed anything, start with --allow-empty-slashing-protection");
  }

  /**
   * Says which genesis time bounds how far ahead of the wall clock the pinned chain's blocks and
   * attestations may be recorded, or warns that nothing does. Without a pinned root only a built-in
   * network's root is pinned (on first sight), and each is bounded by its built-in genesis time.
   */
  private static void logFutureBound(ServeConfig config, Network network, WallClockPolicy wallClock) {
    Optional<Bytes32> root = network.genesisValidatorsRoot()
        .filter(pinned -> config.network().isPresent() || config.genesisValidatorsRoot().isPresent()
            || config.genesisValidatorsRootFile().isPresent());
    if (root.isEmpty()) {
      return;
    }
    Optional<GenesisClock> clock = wallClock.genesisClock(root.get());
    if (clock.isPresent()) {
      LOG.info("slashing protection refuses blocks and attestations more than {} epoch(s) beyond the wall clock of chain {}:"
              + " genesis time {} ({}), {} ms slots",
          config.slashingProtectionMaxFutureEpochs(), root.get(), Long.toUnsignedString(clock.get().genesisTime()),
          clock.get().source(), clock.get().slotDurationMillis());
      return;
    }
    String why = config.network().isEmpty()
        ? "no --network gives the genesis time of the root " + root.get()
        : "network " + network.name() + " has no known genesis time (a config.yaml needs a " + Networks.GENESIS_STATE_FILE
            + " beside it or MIN_GENESIS_TIME, and SLOT_DURATION_MS or SECONDS_PER_SLOT)";
    LOG.warn("slashing protection CANNOT refuse far-future blocks and attestations: {}; one recorded at slot or epoch"
        + " 2^64-1, from any client, refuses every honest one after it until repaired (vigil protection repair)", why);
  }

  private static Network network(ServeConfig config) {
    Network network = config.network().map(Networks::resolve).orElse(Networks.MAINNET);
    if (config.genesisValidatorsRoot().isPresent()) {
      network = network.withGenesisValidatorsRoot(config.genesisValidatorsRoot().get());
    }
    if (config.genesisValidatorsRootFile().isPresent()) {
      network = network.withGenesisValidatorsRoot(Networks.readGenesisValidatorsRoot(config.genesisValidatorsRootFile().get()));
    }
    return network;
  }

  /**
   * One decryption per core, but no more than the heap holds: a standard scrypt keystore
   * (n = 2^18, r = 8) needs 256 MiB of working memory while it is decrypted.
   */
  static int keystoreDecryptThreads(int cores, long maxHeapBytes) {
    long perDecryption = 320L << 20;
    return (int) Math.max(1, Math.min(cores, maxHeapBytes / perDecryption));
  }

  private static Function<Path, String> passwords(ServeConfig config) {
    if (config.keystoresPasswordFile().isPresent()) {
      String password = readPassword(config.keystoresPasswordFile().get());
      return file -> password;
    }
    Path directory = config.keystoresPasswordsPath().orElseThrow();
    return file -> {
      String base = file.getFileName().toString().replaceFirst("\\.json$", "");
      Path withTxt = directory.resolve(base + ".txt");
      return readPassword(Files.exists(withTxt) ? withTxt : directory.resolve(base));
    };
  }

  private static String readPassword(Path file) {
    try {
      return PasswordFiles.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read password file " + file, e);
    }
  }

  private static HttpServerOptions httpOptions(ServeConfig config) {
    Optional<TlsOptions> tls = config.tlsKeystoreFile().map(keystore -> new TlsOptions(
        keystore,
        readPassword(config.tlsKeystorePasswordFile().orElseThrow()).toCharArray(),
        config.tlsKnownClientsFile(),
        config.tlsAllowAnyClient()));
    return new HttpServerOptions(config.httpListenHost(), config.httpListenPort(), config.httpHostAllowlist(), tls,
        ConnectionBounds.of(config.httpMaxConnections()));
  }

  private static String withoutCredentials(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The HTTP port actually bound (tests start on port 0). */
  int httpPort() {
    return http.port();
  }

  Optional<Integer> metricsPort() {
    return Optional.ofNullable(metrics).map(MetricsServer::port);
  }

  /** Blocks until the process is asked to stop (SIGTERM, Ctrl-C) or {@link #close()} is called. */
  void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "vigil-shutdown"));
    stopped.await();
  }

  @Override
  public synchronized void close() {
    if (resources.isEmpty()) {
      return;
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.getMessage());
      }
    }
    resources.clear();
    stopped.countDown();
    LOG.info("vigil stopped");
  }
}
