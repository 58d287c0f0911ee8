package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every signing type and fork through HTTP, with roots computed by others: the published example
 * requests (whose signing roots were reproduced independently) and the requests a real validator
 * client (Lodestar 1.5.1) sent on a devnet. Each answer must be a signature that verifies under
 * the key over that independent root.
 */
class ServeVectorsTest {
  /** The genesis validators root of the Lodestar devnet the captured requests come from. */
  private static final String LODESTAR_DEV_GVR = "0x270d43e74ce340de4bca2b1936beca0f4f5408d9e78aec4850920baf659d5b69";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private static String config(String name, String... forks) {
    StringBuilder yaml = new StringBuilder("PRESET_BASE: 'minimal'\nCONFIG_NAME: '" + name + "'\n");
    for (String fork : forks) {
      yaml.append(fork).append('\n');
    }
    return yaml.toString();
  }

  private static final String FAR = "18446744073709551615";

  /** A signer on its own minimal-preset network, with one fresh key per case so no two cases conflict. */
  abstract static class OnNetwork {
    Path dir;
    SignerFixture signer;
    List<BLSPubkey> keys;
    final AtomicInteger nextKey = new AtomicInteger();

    abstract String configYaml();

    /** The root the cases' requests carry: pinned at start, as an operator of such a network must. */
    abstract String genesisValidatorsRoot();

    abstract int cases() throws IOException;

    @BeforeAll
    void start() throws Exception {
      dir = Files.createTempDirectory("vigil-vectors");
      Path config = dir.resolve("config.yaml");
      Files.writeString(config, configYaml());
      keys = SignerFixture.sealTestKeys(dir.resolve("data"), cases());
      signer = SignerFixture.start(dir.resolve("data"), "--network", config.toString(),
          "--genesis-validators-root", genesisValidatorsRoot());
    }

    @AfterAll
    void stop() throws IOException {
      signer.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    void signsOverTheIndependentRoot(JsonNode body, String accept) throws Exception {
      BLSPubkey key = keys.get(nextKey.getAndIncrement());
      Bytes32 expectedRoot = Bytes32.fromHex(body.has("signingRoot") ? body.get("signingRoot").asText() : body.get("signing_root").asText());
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/api/v1/eth2/sign/" + key.toHexString()))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      if (accept != null) {
        request.header("Accept", accept);
      }
      if (body.path("type").asText().equals("DEPOSIT")) {
        request.header("Authorization", "Bearer " + signer.apiToken()); // as vigil deposit sends it
      }
      HttpResponse<String> response = signer.send(request.build());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      BLSSignature signature = BLSSignature.fromHex(JSON.readTree(response.body()).get("signature").asText());
      assertThat(Bls.verify(key, expectedRoot.toArray(), signature)).isTrue();
    }
  }

  /**
   * The example requests of both OpenAPI files. The Electra and Fulu AGGREGATE_AND_PROOF_V2 examples
   * are left out: their signingRoot is wrong upstream (EXAMPLES_VERIFIED.json marks them NOT
   * reproduced; the body and root disagree), so a correct signer must answer them with 400.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PublishedExamples extends OnNetwork {
    private static final Map<String, String> FILES = Map.of(
        "ethereum/remote-signing-api signing/paths/sign.yaml", "remote-signing-api/signing/paths/sign.yaml",
        "Consensys/web3signer openapi-specs/eth2/signing/paths/sign.yaml", "web3signer/openapi-specs/eth2/signing/paths/sign.yaml");
    private static final Set<String> KNOWN_WRONG = Set.of("AGGREGATE_AND_PROOF_V2 (ELECTRA)", "AGGREGATE_AND_PROOF_V2 (FULU)");

    @Override
    String configYaml() {
      return config("examples", "GENESIS_FORK_VERSION: 0x00000001");
    }

    @Override
    String genesisValidatorsRoot() {
      return Requests.GVR;
    }

    @Override
    int cases() throws IOException {
      return (int) examples().count();
    }

    Stream<Arguments> examples() throws IOException {
      JsonNode verified = JSON.readTree(Vectors.path("remote-signing-api/EXAMPLES_VERIFIED.json").toFile());
      List<Arguments> cases = new ArrayList<>();
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        JsonNode examples = YAML.readTree(Vectors.path(file.getValue()).toFile()).at("/post/requestBody/content/application~1json/examples");
        for (JsonNode entry : verified.get(file.getKey())) {
          String name = entry.get("example").asText();
          boolean reproduced = entry.get("independent_check").asText().startsWith("verified")
              || name.equals("BLOCK_V2 (PHASE 0)") || name.equals("BLOCK_V2 (ALTAIR)");
          if (reproduced && !KNOWN_WRONG.contains(name)) {
            cases.add(Arguments.of(file.getValue() + " " + name, examples.get(name).get("value")));
          }
        }
      }
      return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void signs(String name, JsonNode body) throws Exception {
      signsOverTheIndependentRoot(body, "application/json");
    }
  }

  /** What Lodestar 1.5.1 sent on a minimal devnet (Altair at epoch 0, Bellatrix at epoch 1), with Accept: *\/*. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class LodestarRequests extends OnNetwork {
    @Override
    String genesisValidatorsRoot() {
      return LODESTAR_DEV_GVR;
    }

    @Override
    String configYaml() {
      return config("lodestar-dev",
          "GENESIS_FORK_VERSION: 0x00000001",
          "ALTAIR_FORK_VERSION: 0x01000001", "ALTAIR_FORK_EPOCH: 0",
          "BELLATRIX_FORK_VERSION: 0x02000001", "BELLATRIX_FORK_EPOCH: 1",
          "CAPELLA_FORK_VERSION: 0x03000001", "CAPELLA_FORK_EPOCH: " + FAR,
          "DENEB_FORK_VERSION: 0x04000001", "DENEB_FORK_EPOCH: " + FAR);
    }

    @Override
    int cases() throws IOException {
      return (int) requests().count();
    }

    Stream<Arguments> requests() throws IOException {
      try (Stream<Path> files = Files.list(Vectors.path("validator-client-requests"))) {
        List<Path> captures = files.filter(p -> p.toString().endsWith(".json")).sorted()
            .filter(p -> !p.getFileName().toString().equals("BLOCK_V2_PHASE0.json")).toList();
        List<Arguments> cases = new ArrayList<>();
        for (Path capture : captures) {
          JsonNode request = JSON.readTree(capture.toFile());
          cases.add(Arguments.of(capture.getFileName().toString(), request.get("body"), request.get("headers").get("accept").asText()));
        }
        return cases.stream();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void signs(String file, JsonNode body, String accept) throws Exception {
      signsOverTheIndependentRoot(body, accept);
    }
  }

  /** BLOCK_V2_PHASE0.json comes from a devnet run that stayed in phase0 (no Altair scheduled). */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class LodestarPhase0Block extends OnNetwork {
    @Override
    String configYaml() {
      return config("lodestar-phase0", "GENESIS_FORK_VERSION: 0x00000001");
    }

    @Override
    String genesisValidatorsRoot() {
      return LODESTAR_DEV_GVR;
    }

    @Override
    int cases() {
      return 1;
    }

    Stream<Arguments> requests() throws IOException {
      JsonNode request = JSON.readTree(Vectors.path("validator-client-requests/BLOCK_V2_PHASE0.json").toFile());
      return Stream.of(Arguments.of("BLOCK_V2_PHASE0.json", request.get("body"), request.get("headers").get("accept").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void signs(String file, JsonNode body, String accept) throws Exception {
      signsOverTheIndependentRoot(body, accept);
    }
  }

}
