package dev.vigil.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil bench --witnesses N}: N freshness witnesses in-process (each a Vigil on a data dir
 * of its own beside the signer's) and the serve arguments that make the bench signer use them on
 * mainnet's chain with a majority quorum.
 */
final class BenchWitnesses implements AutoCloseable {
  private static final String IDENTITY = "bench";

  private final List<VigilService> services;
  private final List<String> signerArgs;

  private BenchWitnesses(List<VigilService> services, List<String> signerArgs) {
    this.services = services;
    this.signerArgs = signerArgs;
  }

  static BenchWitnesses start(int count, Path dataDir) throws Exception {
    List<VigilService> services = new ArrayList<>();
    List<String> signerArgs = new ArrayList<>();
    if (count == 0) {
      return new BenchWitnesses(services, signerArgs);
    }
    String token = ApiTokenFile.loadOrCreate(dataDir.resolve("freshness-token.txt"), new java.security.SecureRandom());
    signerArgs.addAll(List.of("--network", "mainnet", "--freshness-identity", IDENTITY,
        "--freshness-token-file", dataDir.resolve("freshness-token.txt").toString()));
    BenchWitnesses witnesses = new BenchWitnesses(services, signerArgs);
    try {
      for (int i = 0; i < count; i++) {
        Path witnessDir = Files.createDirectories(dataDir.resolve("witness-" + i));
        Path tokens = witnessDir.resolve("witness-tokens.txt");
        Files.writeString(tokens, IDENTITY + " " + token + "\n");
        VigilService witness = BenchCommand.start(List.of("--data-dir", witnessDir.toString(), "--http-listen-port", "0",
            "--freshness-witness-tokens-file", tokens.toString()));
        services.add(witness);
        signerArgs.addAll(List.of("--freshness-witness", "http://127.0.0.1:" + witness.httpPort()));
      }
      return witnesses;
    } catch (Exception | Error e) {
      witnesses.close();
      throw e;
    }
  }

  List<String> signerArgs() {
    return signerArgs;
  }

  String description() {
    return services.isEmpty() ? "" : " with " + services.size() + " local freshness witnesses";
  }

  /** Waits until the signer's witnesses told their highs (/healthcheck 200). */
  void awaitReady(URI signer) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (http.send(HttpRequest.newBuilder(signer.resolve("/healthcheck")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bench signer's freshness witnesses did not answer within 30 s");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    services.forEach(VigilService::close);
  }
}
