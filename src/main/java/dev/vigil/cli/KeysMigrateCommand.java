package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.HttpServerOptions;
import dev.vigil.attestation.BoundedBodyHandler;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import dev.vigil.spec.json.BoundedJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil keys migrate}: moves keys with their slashing-protection history from a running
 * signer to another (for example an old and a new enclave build) without re-deposits. It asks the
 * new signer for an attested offer, has the old one verify it and export the keys encrypted to it,
 * and has the new one import them. It never sees a secret.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Move keys and their slashing-protection history from one running signer (--from) to another (--to).",
      "",
      "The new signer publishes an ephemeral key with attestation evidence; the old signer verifies that evidence against the expected measurement, stops signing with the keys for good and exports them encrypted to that key; the new signer imports the history first, then the keys.",
      "If verification fails nothing is exported and the keys keep signing on the old signer."
    })
public final class KeysMigrateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = BoundedJson.mapper();

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "URL", description = "The signer that holds the keys now, e.g. https://old-signer:9000.")
  URI from;

  @Option(names = "--from-api-token-file", required = true, paramLabel = "FILE", description = "The API token of --from (its <data-dir>/api-token.txt).")
  Path fromApiTokenFile;

  @Option(names = "--to", required = true, paramLabel = "URL", description = "The signer that receives the keys.")
  URI to;

  @Option(names = "--to-api-token-file", required = true, paramLabel = "FILE", description = "The API token of --to.")
  Path toApiTokenFile;

  @Option(names = "--pubkey", paramLabel = "0x…", description = "A key to move. Repeatable. Default: every key --from holds.")
  List<String> pubkeys = new ArrayList<>();

  @Option(names = "--expected-mrenclave", paramLabel = "HEX", description = "SGX: the MRENCLAVE the new signer must run (32 bytes).")
  String expectedMrEnclave;

  @Option(names = "--expected-mrsigner", paramLabel = "HEX", description = "SGX: the MRSIGNER the new signer must be signed by (32 bytes).")
  String expectedMrSigner;

  @Option(names = "--expected-mrtd", paramLabel = "HEX", description = "TDX: the MRTD of the new signer's TD (48 bytes); a TDX receiver needs --expected-rtmr1 and --expected-rtmr2 too.")
  String expectedMrTd;

  @Option(names = "--expected-rtmr0", paramLabel = "HEX", description = "TDX: the RTMR0 (firmware configuration) of the new signer's TD (48 bytes).")
  String expectedRtmr0;

  @Option(names = "--expected-rtmr1", paramLabel = "HEX", description = "TDX: the RTMR1 (boot loader) of the new signer's TD (48 bytes); required for a TDX receiver.")
  String expectedRtmr1;

  @Option(names = "--expected-rtmr2", paramLabel = "HEX", description = "TDX: the RTMR2 (kernel, command line, initrd) of the new signer's TD (48 bytes); required for a TDX receiver.")
  String expectedRtmr2;

  @Option(names = "--expected-rtmr3", paramLabel = "HEX", description = "TDX: the RTMR3 (extended at run time) of the new signer's TD (48 bytes).")
  String expectedRtmr3;

  @Option(names = "--expected-measurement", paramLabel = "HEX", description = "SEV-SNP: the launch MEASUREMENT of the new signer's guest (48 bytes).")
  String expectedMeasurement;

  @Option(names = "--expected-pcr0", paramLabel = "HEX", description = "Nitro: the PCR0 (exact enclave image) the new signer's enclave must have (48 bytes).")
  String expectedPcr0;

  @Option(names = "--expected-pcr1", paramLabel = "HEX", description = "Nitro: the PCR1 (kernel and bootstrap) the new signer's enclave must have (48 bytes); not enough alone.")
  String expectedPcr1;

  @Option(names = "--expected-pcr2", paramLabel = "HEX", description = "Nitro: the PCR2 (application file system) the new signer's enclave must have (48 bytes); not enough alone.")
  String expectedPcr2;

  @Option(names = "--expected-pcr8", paramLabel = "HEX", description = "Nitro: the PCR8 (image signing certificate) the new signer's enclave must have (48 bytes).")
  String expectedPcr8;

  @Option(names = "--allow-insecure", description = "Accept insecure-none evidence from the new signer (no hardware behind it: for tests only). "
      + "A signer without a TEE exports only when started with --allow-insecure-migration.")
  boolean allowInsecure;

  @Option(names = "--allow-debug", description = "Accept a debug enclave, TD or guest (its memory is readable by the host).")
  boolean allowDebug;

  @Option(names = "--package-file", paramLabel = "FILE", defaultValue = "vigil-migration-package.json",
      description = "Where the encrypted package is saved if the import into --to fails, to import it by hand (default: ${DEFAULT-VALUE}).")
  Path packageFile;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode exportRequest = exportRequest();
    SignerApi oldSigner = new SignerApi("--from", from, token(fromApiTokenFile, "--from-api-token-file"));
    SignerApi newSigner = new SignerApi("--to", to, token(toApiTokenFile, "--to-api-token-file"));
    if (from.normalize().equals(to.normalize())) {
      throw new IllegalArgumentException("--to: names the same signer as --from");
    }

    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    ObjectNode nonceBody = JSON.createObjectNode().put("nonce", Hex.encode(nonce));
    JsonNode offer = newSigner.post("offer", nonceBody, "create a migration offer");
    out.printf("1/3 %s offers ephemeral key %s with %s evidence%n",
        to, offer.path("public_key").asText(), offer.path("evidence").path("type").asText());
    out.flush();

    exportRequest.set("offer", offer);
    JsonNode exported = oldSigner.post("export", exportRequest, "export the keys");
    JsonNode migrationPackage = exported.path("package");
    int count = migrationPackage.path("keys").size();
    out.printf("2/3 %s verified the evidence (%s), stopped signing and exported %d key(s)%s%n",
        from, exported.path("verdict").path("type").asText(), count,
        migrationPackage.has("slashing_protection") ? " with their slashing-protection history" : " (no history recorded)");
    out.flush();

    JsonNode imported;
    try {
      imported = newSigner.post("import", migrationPackage, "import the keys");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; " + savePackage(migrationPackage));
    }
    int failed = 0;
    for (JsonNode result : imported.path("data")) {
      String status = result.path("status").asText();
      String message = result.path("message").asText();
      out.printf("    %s %s%s%n", result.path("pubkey").asText(), status, message.isEmpty() ? "" : ": " + message);
      failed += status.equals("error") ? 1 : 0;
    }
    out.flush();
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + count + " key(s) not imported into " + to + "; " + savePackage(migrationPackage));
    }
    out.printf("3/3 %s imported %d key(s); they sign only there now%n", to, count);
    out.flush();
    return 0;
  }

  private ObjectNode exportRequest() {
    ObjectNode request = JSON.createObjectNode();
    putHex(request, "expected_mrenclave", expectedMrEnclave, 32, "--expected-mrenclave");
    putHex(request, "expected_mrsigner", expectedMrSigner, 32, "--expected-mrsigner");
    putHex(request, "expected_mrtd", expectedMrTd, 48, "--expected-mrtd");
    String[] rtmrs = {expectedRtmr0, expectedRtmr1, expectedRtmr2, expectedRtmr3};
    for (int i = 0; i < rtmrs.length; i++) {
      putHex(request, "expected_rtmr" + i, rtmrs[i], 48, "--expected-rtmr" + i);
    }
    putHex(request, "expected_measurement", expectedMeasurement, 48, "--expected-measurement");
    putHex(request, "expected_pcr0", expectedPcr0, 48, "--expected-pcr0");
    putHex(request, "expected_pcr1", expectedPcr1, 48, "--expected-pcr1");
    putHex(request, "expected_pcr2", expectedPcr2, 48, "--expected-pcr2");
    putHex(request, "expected_pcr8", expectedPcr8, 48, "--expected-pcr8");
    if (!allowInsecure && request.isEmpty()) {
      throw new IllegalArgumentException("--expected-mrenclave, --expected-mrsigner, --expected-mrtd, --expected-rtmr0..3, "
          + "--expected-measurement or --expected-pcr0/1/2/8: give at least one, otherwise any enclave could receive the keys (--allow-insecure for tests)");
    }
    request.put("allow_insecure", allowInsecure);
    request.put("allow_debug", allowDebug);
    if (!pubkeys.isEmpty()) {
      ArrayNode list = request.putArray("pubkeys");
      for (String pubkey : pubkeys) {
        try {
          list.add(BLSPubkey.fromHex(pubkey).toHexString());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--pubkey: " + e.getMessage());
        }
      }
    }
    return request;
  }

  private static void putHex(ObjectNode request, String field, String value, int length, String option) {
    if (value == null) {
      return;
    }
    try {
      request.put(field, Hex.encode(Hex.decode(value, length)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static String token(Path file, String option) {
    try {
      return PasswordFiles.read(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Keeps the package when the import failed: it is encrypted to the new signer's offer key (so it
   * reveals no secret), which that signer holds in memory until the package is imported or it restarts.
   */
  private String savePackage(JsonNode migrationPackage) {
    try {
      Files.writeString(packageFile, migrationPackage.toPrettyString(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return "the encrypted package is saved in " + packageFile.toAbsolutePath() + ": import it before " + to
          + " restarts with POST " + to.resolve("/eth/v1/migration/import") + " (bearer token, the file as body)";
    } catch (IOException e) {
      return "the package could NOT be saved (" + e.getMessage() + "):\n" + migrationPackage;
    }
  }

  /** One signer's migration API with its bearer token; a failure becomes one line naming the signer. */
  private final class SignerApi {
    private final String option;
    private final URI base;
    private final String token;

    SignerApi(String option, URI base, String token) {
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException(option + ": not an http(s) URL: " + base);
      }
      this.option = option;
      this.base = base;
      this.token = token;
    }

    JsonNode post(String route, JsonNode body, String what) {
      HttpRequest request = HttpRequest.newBuilder(base.resolve("/eth/v1/migration/" + route))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .timeout(Duration.ofMinutes(5))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
      HttpResponse<byte[]> response;
      try {
        // An offer is a few KiB of evidence; a package goes on to the receiver as a request body,
        // which it refuses beyond HttpServerOptions.MAX_BODY_BYTES: a longer answer is of no use.
        response = client.send(request, BoundedBodyHandler.ofAtMost(HttpServerOptions.MAX_BODY_BYTES));
      } catch (ConnectException | HttpConnectTimeoutException e) {
        throw new IllegalStateException("cannot " + what + ": " + option + " " + base + " unreachable: " + reason(e));
      } catch (IOException e) {
        throw new IllegalStateException("cannot " + what + ": " + option + " " + base + " failed: " + reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + option + " " + base);
      }
      String answer = new String(response.body(), StandardCharsets.UTF_8);
      JsonNode json;
      try {
        json = JSON.readTree(answer);
      } catch (JsonProcessingException e) {
        json = null;
      }
      if (response.statusCode() != 200 || json == null) {
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : answer;
        throw new IllegalStateException("cannot " + what + ": " + option + " " + base + " answered "
            + response.statusCode() + ": " + JsonHttp.abbreviate(message));
      }
      return json;
    }

    private static String reason(IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }
}
