package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test fixtures for freshness: witnesses (Vigils serving the witness role for identity "alpha"),
 * signers using them, data-dir copies standing in for a host's rollback.
 */
final class FreshnessWitnesses {
  static final String IDENTITY = "alpha";
  static final String TOKEN = "alpha-shared-token";

  private FreshnessWitnesses() {}

  static SignerFixture witness(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path tokens = dir.resolve("witness-tokens.txt");
    Files.writeString(tokens, "# identity token\n" + IDENTITY + " " + TOKEN + "\n");
    return SignerFixture.start(dir, "--freshness-witness-tokens-file", tokens.toString());
  }

  /** Arguments of a signer on {@link Requests#GVR} using these witnesses. */
  static String[] signerArgs(Path dir, String gvr, List<String> witnessUrls, String... extra) throws IOException {
    Files.createDirectories(dir);
    Path gvrFile = dir.resolve("gvr.txt");
    Files.writeString(gvrFile, gvr);
    Path token = dir.resolve("freshness-token.txt");
    Files.writeString(token, TOKEN + "\n");
    List<String> args = new ArrayList<>(List.of("--genesis-validators-root-file", gvrFile.toString(),
        "--freshness-identity", IDENTITY, "--freshness-token-file", token.toString(), "--freshness-timeout-ms", "1000"));
    for (String url : witnessUrls) {
      args.add("--freshness-witness");
      args.add(url);
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static SignerFixture signer(Path dir, List<SignerFixture> witnesses) throws Exception {
    return SignerFixture.start(dir, signerArgs(dir, Requests.GVR, witnesses.stream().map(SignerFixture::baseUrl).toList()));
  }

  /** Waits until /healthcheck is UP (the witnesses told their highs). */
  static void awaitReady(SignerFixture signer) throws Exception {
    awaitReady(signer.baseUrl());
  }

  static void awaitReady(String baseUrl) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 15_000_000_000L;
    HttpResponse<String> health;
    while ((health = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/healthcheck")).build(),
        HttpResponse.BodyHandlers.ofString())).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("signer never became ready: " + health.body());
      }
      Thread.sleep(50);
    }
  }

  static int signBlock(SignerFixture signer, String pubkey, long slot, String root) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + pubkey, Requests.blockV2(slot, root), "application/json").statusCode();
  }

  static int signAttestation(SignerFixture signer, String pubkey, long source, long target, String root) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + pubkey, Requests.attestation(source, target, root), "application/json")
        .statusCode();
  }

  /** Replaces {@code target} by a copy of {@code source} (the host restoring an old data dir). */
  static void copyDir(Path source, Path target) {
    try {
      if (Files.exists(target)) {
        try (Stream<Path> paths = Files.walk(target)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      try (Stream<Path> paths = Files.walk(source)) {
        for (Path path : paths.toList()) {
          Files.copy(path, target.resolve(source.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
