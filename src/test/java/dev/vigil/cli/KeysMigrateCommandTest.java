package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.api.HttpServerOptions;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil keys migrate} end to end between two insecure-none signers in one JVM. */
class KeysMigrateCommandTest {
  @TempDir Path oldDir;
  @TempDir Path newDir;
  @TempDir Path workDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(SignerFixture from, String to, Path toDataDir, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--from", from.baseUrl(), "--from-api-token-file", from.dataDir.resolve("api-token.txt").toString(),
        "--to", to, "--to-api-token-file", toDataDir.resolve("api-token.txt").toString(),
        "--package-file", workDir.resolve("package.json").toString()));
    args.addAll(List.of(extra));
    CommandLine commandLine = new CommandLine(new KeysMigrateCommand());
    commandLine.setExecutionExceptionHandler(new CliErrorHandler());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args.toArray(String[]::new));
  }

  private static int sign(SignerFixture signer, BLSPubkey key, String request) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + key, request, null).statusCode();
  }

  @Test
  void movesTheNamedKeysWithTheirHistory() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 3);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(1)))).isEqualTo(200);

      int code = run(oldSigner, newSigner.baseUrl(), newDir, "--allow-insecure",
          "--pubkey", keys.get(0).toHexString(), "--pubkey", keys.get(1).toHexString().substring(2));

      assertThat(code).as(err.toString()).isEqualTo(0);
      assertThat(out.toString()).contains("1/3", "insecure-none", "2/3", "exported 2 key(s) with their slashing-protection history",
          keys.get(0) + " imported", "3/3");
      assertThat(err.toString()).isEmpty();
      assertThat(sign(oldSigner, keys.get(0), Requests.attestation(4, 5, Requests.root(1)))).isEqualTo(404);
      assertThat(sign(oldSigner, keys.get(2), Requests.attestation(4, 5, Requests.root(1)))).as("not named").isEqualTo(200);
      assertThat(sign(newSigner, keys.get(0), Requests.attestation(3, 4, Requests.root(9)))).isEqualTo(412);
      assertThat(sign(newSigner, keys.get(1), Requests.attestation(4, 5, Requests.root(1)))).isEqualTo(200);
      assertThat(Files.exists(workDir.resolve("package.json"))).isFalse();
    }
  }

  @Test
  void wrongMeasurementIsOneLineAndExportsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      int code = run(oldSigner, newSigner.baseUrl(), newDir, "--allow-insecure", "--expected-mrenclave", "ab".repeat(32));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString().lines().toList()).hasSize(1);
      assertThat(err.toString()).startsWith("error: cannot export the keys: --from").contains("422", "mrenclave", "nothing exported");
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
      assertThat(newSigner.get("/api/v1/eth2/publicKeys").body()).isEqualTo("[]");
    }
  }

  @Test
  void nitroPcrsAreSentAndCheckedAndABadOneIsNamed() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(run(oldSigner, newSigner.baseUrl(), newDir, "--expected-pcr8", "ab".repeat(47))).isEqualTo(1);
      assertThat(err.toString()).startsWith("error: --expected-pcr8");
      assertThat(out.toString()).as("no offer requested").isEmpty();

      err.getBuffer().setLength(0);
      assertThat(run(oldSigner, newSigner.baseUrl(), newDir, "--allow-insecure", "--expected-pcr0", "ab".repeat(48))).isEqualTo(1);
      assertThat(err.toString()).startsWith("error: cannot export the keys: --from").contains("422", "pcr0", "Nitro", "nothing exported");
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
    }
  }

  @Test
  void refusesToRunWithoutAnExpectedMeasurement() throws Exception {
    SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      assertThat(run(oldSigner, newSigner.baseUrl(), newDir)).isEqualTo(1);
      assertThat(err.toString()).startsWith("error: --expected-mrenclave").contains("any enclave");
      assertThat(out.toString()).as("no offer requested").isEmpty();
    }
  }

  @Test
  void missingTokenFileIsNamed() throws Exception {
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration")) {
      assertThat(run(oldSigner, "http://127.0.0.1:1", newDir, "--allow-insecure")).isEqualTo(1);
      assertThat(err.toString()).startsWith("error: --to-api-token-file: ").contains("not found");
    }
  }

  @Test
  void unreachableSignerIsOneLine() throws Exception {
    Files.writeString(newDir.resolve("api-token.txt"), "token\n");
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration")) {
      assertThat(run(oldSigner, "http://127.0.0.1:1", newDir, "--allow-insecure")).isEqualTo(1);
      assertThat(err.toString().lines().toList()).hasSize(1);
      assertThat(err.toString()).contains("cannot create a migration offer", "--to http://127.0.0.1:1", "unreachable");
    }
  }

  /**
   * A receiver whose import fails (here a proxy that forwards the offer but answers the import with
   * 503): the package is saved and imports by hand while the receiver still holds its offer.
   */
  @Test
  void failedImportSavesThePackageForAManualImport() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration"); SignerFixture newSigner = SignerFixture.start(newDir)) {
      HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      proxy.createContext("/eth/v1/migration/", exchange -> {
        try (exchange) {
          byte[] response;
          int status;
          if (exchange.getRequestURI().getPath().endsWith("/offer")) {
            HttpResponse<String> forwarded = forward(newSigner, exchange.getRequestBody().readAllBytes());
            status = forwarded.statusCode();
            response = forwarded.body().getBytes(StandardCharsets.UTF_8);
          } else {
            status = 503;
            response = "{\"code\":503,\"message\":\"store unavailable\"}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, response.length);
          exchange.getResponseBody().write(response);
        }
      });
      proxy.start();
      try {
        int code = run(oldSigner, "http://127.0.0.1:" + proxy.getAddress().getPort(), newDir, "--allow-insecure");
        assertThat(code).isEqualTo(1);
      } finally {
        proxy.stop(0);
      }
      assertThat(err.toString()).startsWith("error: cannot import the keys").contains("503", "saved in", "package.json");
      assertThat(sign(oldSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(404);

      HttpResponse<String> manual = newSigner.send(HttpRequest.newBuilder(URI.create(newSigner.baseUrl() + "/eth/v1/migration/import"))
          .header("Authorization", "Bearer " + newSigner.apiToken())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofFile(workDir.resolve("package.json"))).build());
      assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
      assertThat(sign(newSigner, keys.get(0), Requests.randaoReveal(1, Requests.GVR))).isEqualTo(200);
    }
  }

  private static HttpResponse<String> forward(SignerFixture signer, byte[] body) {
    try {
      return signer.send(HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/eth/v1/migration/offer"))
          .header("Authorization", "Bearer " + signer.apiToken())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A receiver answering the offer with more than a signer would take as a package, or with a long error. */
  private int runAgainst(SignerFixture from, int status, byte[] offerAnswer) throws Exception {
    Files.writeString(newDir.resolve("api-token.txt"), "token\n");
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/eth/v1/migration/", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(status, offerAnswer.length);
        exchange.getResponseBody().write(offerAnswer);
      } catch (IOException clientStopped) {
        // the command stopped reading, as it should
      }
    });
    receiver.start();
    try {
      return run(from, "http://127.0.0.1:" + receiver.getAddress().getPort(), newDir, "--allow-insecure");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void anAnswerLongerThanASignerTakesIsNotRead() throws Exception {
    SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration")) {
      byte[] spaces = new byte[(int) HttpServerOptions.MAX_BODY_BYTES + 1];
      Arrays.fill(spaces, (byte) ' ');

      assertThat(runAgainst(oldSigner, 200, spaces)).isEqualTo(1);
      assertThat(err.toString()).contains("cannot create a migration offer", "longer than " + HttpServerOptions.MAX_BODY_BYTES + " bytes");
    }
  }

  @Test
  void aRefusalQuotesAtMost120CharactersOfTheAnswer() throws Exception {
    SignerFixture.sealTestKeys(oldDir, 1);
    try (SignerFixture oldSigner = SignerFixture.start(oldDir, "--allow-insecure-migration")) {
      assertThat(runAgainst(oldSigner, 500, "z".repeat(100_000).getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
      assertThat(err.toString()).contains("answered 500: " + "z".repeat(120) + "…").doesNotContain("z".repeat(121));
    }
  }
}
