package dev.vigil.cli;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.FileSealing;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A signer started in-process exactly as {@code vigil serve ARGS…} would start it, on a free port,
 * with an HTTP client for tests.
 */
final class SignerFixture implements AutoCloseable {
  final Path dataDir;
  final VigilService service;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private SignerFixture(Path dataDir, VigilService service) {
    this.dataDir = dataDir;
    this.service = service;
  }

  /**
   * Starts {@code serve} with these arguments plus --data-dir and --http-listen-port 0, and pinned
   * to the test chain {@link Requests#GVR} unless the arguments name a network or root themselves
   * (a request may pin only a built-in network's root on first sight).
   */
  static SignerFixture start(Path dataDir, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.stream().noneMatch(arg -> arg.startsWith("--network") || arg.startsWith("--genesis-validators-root"))) {
      all.addAll(List.of("--genesis-validators-root", Requests.GVR));
    }
    return startUnpinned(dataDir, all.toArray(String[]::new));
  }

  /** Starts {@code serve} with exactly these arguments plus --data-dir and --http-listen-port 0. */
  static SignerFixture startUnpinned(Path dataDir, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--http-listen-port", "0"));
    all.addAll(List.of(args));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(all.toArray(String[]::new));
    return new SignerFixture(dataDir, VigilService.start(serve.toConfig()));
  }

  /**
   * Deterministic test keys (secret = index + 1000), sealed into a data dir before the signer starts,
   * beside the (empty) SQLite slashing-protection database a signer that made them would have.
   */
  static List<BLSPubkey> sealTestKeys(Path dataDir, int count) throws IOException {
    Files.createDirectories(dataDir);
    SlashingProtectionStores.open(null, dataDir, PruningPolicy.OFF).close();
    SealedKeyStore store = SealedKeyStore.open(dataDir, new FileSealing());
    List<BLSPubkey> pubkeys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BlsSecretKey key = testKey(i);
      store.put(key.publicKey().toBytes(), key.toBytes());
      pubkeys.add(key.publicKey().toBytes());
    }
    return pubkeys;
  }

  static BlsSecretKey testKey(int index) {
    return BlsSecretKey.fromInteger(BigInteger.valueOf(1000L + index));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + service.httpPort();
  }

  String apiToken() throws IOException {
    return PasswordFiles.read(dataDir.resolve("api-token.txt"));
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
  }

  HttpResponse<String> postJson(String path, String body, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request.build());
  }

  /** A Keymanager API call with the bearer token. */
  HttpResponse<String> keymanager(String method, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/eth/v1/keystores"))
        .header("Authorization", "Bearer " + apiToken())
        .header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    service.close();
  }
}
