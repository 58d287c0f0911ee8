package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.DomainType;
import dev.vigil.spec.Domains;
import dev.vigil.spec.Networks;
import dev.vigil.spec.VoluntaryExit;
import dev.vigil.testing.Vectors;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vigil exit}: the EIP-7044 vector, fork-schedule domains before Deneb, indices and epoch
 * from a beacon node, submission, and the failures (a beacon node answering nonsense among them).
 */
class ExitCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Bytes32 MAINNET_GVR = Networks.MAINNET.requireGenesisValidatorsRoot();
  @TempDir static Path signerDir;
  @TempDir Path out;
  private static SignerFixture signer;
  private static List<BLSPubkey> keys;

  @BeforeAll
  static void startSigner() throws Exception {
    keys = SignerFixture.sealTestKeys(signerDir, 4);
    signer = SignerFixture.start(signerDir);
  }

  @AfterAll
  static void stopSigner() {
    signer.close();
  }

  private static JsonNode exitVector() throws Exception {
    return JSON.readTree(Vectors.path("deposit-data/EXTRACTED_vectors.json").toFile()).get("ethstaker_signed_voluntary_exit");
  }

  /** A signer that holds no key but answers every signing request with {@code signature}, recording the requests. */
  private static HttpServer replyingSigner(String signature, List<String> requests) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/eth2/sign/", exchange -> {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"signature\":\"" + signature + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  void reproducesTheEip7044Vector() throws Exception {
    JsonNode vector = exitVector();
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer fake = replyingSigner(vector.get("signature").asText(), requests);
    try {
      OperatorCli.run("exit", "--url", "http://127.0.0.1:" + fake.getAddress().getPort(), "--network", "mainnet",
          "--pubkey", vector.get("pubkey").asText(), "--validator-index", "0", "--epoch", "0",
          "--output", out.resolve("exit.json").toString()).succeeds();
    } finally {
      fake.stop(0);
    }
    assertThat(Files.readString(out.resolve("exit.json"))).isEqualTo(
        "{\"message\": {\"epoch\": \"0\", \"validator_index\": \"0\"}, \"signature\": \"" + vector.get("signature").asText() + "\"}");
    JsonNode request = JSON.readTree(requests.get(0));
    assertThat(request.get("type").asText()).isEqualTo("VOLUNTARY_EXIT");
    assertThat(request.get("signingRoot").asText()).isEqualTo(vector.get("signing_root_computed_by_extractor").asText());
    assertThat(request.get("fork_info").get("fork").get("current_version").asText()).isEqualTo(vector.get("exit_fork_version").asText());
  }

  @Test
  void aSignatureThatDoesNotVerifyIsRefusedAndNothingWritten() throws Exception {
    JsonNode vector = exitVector();
    // The vector's signature is valid for epoch 0 only: for epoch 1 the signer's answer must be refused.
    HttpServer fake = replyingSigner(vector.get("signature").asText(), new CopyOnWriteArrayList<>());
    try {
      OperatorCli.run("exit", "--url", "http://127.0.0.1:" + fake.getAddress().getPort(), "--network", "mainnet",
          "--pubkey", vector.get("pubkey").asText(), "--validator-index", "0", "--epoch", "1",
          "--output", out.toString()).failsWith("does not verify");
    } finally {
      fake.stop(0);
    }
    assertThat(OperatorCli.files(out)).isEmpty();
  }

  @Test
  void afterDenebEveryExitUsesTheCapellaVersion() throws Exception {
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
        "--validator-index", "12345", "--epoch", "400000", "--output", out.toString()).succeeds();
    List<Path> files = OperatorCli.files(out);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).matches("signed_exit_transaction-12345-\\d+\\.json");
    assertVerifies(files.get(0), keys.get(0), Bytes4.fromHex("0x03000000"), MAINNET_GVR, 400000, 12345);
  }

  @Test
  void beforeDenebTheVersionOfTheExitEpochIsUsed() throws Exception {
    Path config = Files.writeString(out.resolve("config.yaml"), """
        PRESET_BASE: 'mainnet'
        CONFIG_NAME: 'capella-devnet'
        GENESIS_FORK_VERSION: 0x10000000
        ALTAIR_FORK_VERSION: 0x20000000
        ALTAIR_FORK_EPOCH: 0
        BELLATRIX_FORK_VERSION: 0x30000000
        BELLATRIX_FORK_EPOCH: 0
        CAPELLA_FORK_VERSION: 0x40000000
        CAPELLA_FORK_EPOCH: 10
        DENEB_FORK_VERSION: 0x50000000
        DENEB_FORK_EPOCH: 18446744073709551615
        """);
    Bytes32 gvr = Bytes32.fromHex("0x" + "ab".repeat(32));
    Path rootFile = Files.writeString(out.resolve("gvr.txt"), gvr.toHexString() + "\n");
    Path exits = Files.createDirectories(out.resolve("exits"));
    for (long epoch : new long[] {5, 12}) {
      OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", config.toString(), "--genesis-validators-root-file",
          rootFile.toString(), "--pubkey", keys.get(1).toHexString(), "--validator-index", Long.toString(epoch),
          "--epoch", Long.toString(epoch), "--output", exits.resolve("exit-" + epoch + ".json").toString()).succeeds();
    }
    assertVerifies(exits.resolve("exit-5.json"), keys.get(1), Bytes4.fromHex("0x30000000"), gvr, 5, 5);
    assertVerifies(exits.resolve("exit-12.json"), keys.get(1), Bytes4.fromHex("0x40000000"), gvr, 12, 12);
    // Without Deneb there is no safe default epoch.
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", config.toString(), "--genesis-validators-root-file",
        rootFile.toString(), "--pubkey", keys.get(1).toHexString(), "--validator-index", "1", "--output", exits.toString())
        .failsWith("--epoch");
  }

  @Test
  void indicesAndEpochFromTheBeaconNodeAndSubmitted() throws Exception {
    Bytes32 ephemeryRoot = Bytes32.fromHex("0x" + "5e".repeat(32));
    try (FakeBeaconNode beacon = new FakeBeaconNode(ephemeryRoot, 32 * 1000 + 7, false)) {
      beacon.validators.put(keys.get(0), 100L);
      beacon.validators.put(keys.get(1), 101L);
      beacon.validators.put(keys.get(3), 103L);
      OperatorCli.Run run = OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "ephemery", "--all",
          "--beacon-node", beacon.url(), "--submit", "--output", out.resolve("exits").toString());
      run.succeeds();
      assertThat(run.err()).contains("1 of 4 keys are not validators");
      List<Path> files = OperatorCli.files(out.resolve("exits"));
      assertThat(files).hasSize(3);
      Bytes4 capella = Networks.EPHEMERY.versionOf(dev.vigil.spec.ForkName.CAPELLA).orElseThrow();
      for (int i : new int[] {0, 1, 3}) {
        Path file = files.stream().filter(f -> f.getFileName().toString().startsWith("signed_exit_transaction-10" + i + "-")).findFirst().orElseThrow();
        assertVerifies(file, keys.get(i), capella, ephemeryRoot, 1000, 100 + i);
      }
      List<String> written = new ArrayList<>();
      for (Path file : files) {
        written.add(Files.readString(file));
      }
      assertThat(beacon.submittedExits).containsExactlyInAnyOrderElementsOf(written);
    }
  }

  @Test
  void pubkeysAreLookedUpOnTheBeaconNodeAndCheckedAgainstGivenIndices() throws Exception {
    try (FakeBeaconNode beacon = new FakeBeaconNode(MAINNET_GVR, 64, false)) {
      beacon.validators.put(keys.get(2), 7L);
      OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(2).toHexString(),
          "--beacon-node", beacon.url(), "--output", out.toString()).succeeds();
      Path file = OperatorCli.files(out).get(0);
      assertVerifies(file, keys.get(2), Bytes4.fromHex("0x03000000"), MAINNET_GVR, 2, 7);
      assertThat(beacon.submittedExits).isEmpty();
      OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(2).toHexString(),
          "--validator-index", "8", "--beacon-node", beacon.url(), "--output", out.resolve("other").toString())
          .failsWith("knows it as 7");
      OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
          "--beacon-node", beacon.url(), "--output", out.resolve("other").toString())
          .failsWith("knows no validator");
      assertThat(out.resolve("other")).doesNotExist();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nonsense", "another chain"})
  void aBeaconNodeThatCannotBeTrustedStopsEverything(String kind) throws Exception {
    boolean nonsense = kind.equals("nonsense");
    try (FakeBeaconNode beacon = new FakeBeaconNode(Bytes32.fromHex("0x" + "01".repeat(32)), 64, nonsense)) {
      beacon.validators.put(keys.get(0), 1L);
      OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--all", "--beacon-node", beacon.url(),
          "--output", out.toString()).failsWith(nonsense ? "the beacon node at " + beacon.url() + " answered nonsense" : "another chain");
    }
    assertThat(OperatorCli.files(out)).isEmpty();
  }

  @Test
  void otherRefusals() throws Exception {
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "ephemery", "--pubkey", keys.get(0).toHexString(),
        "--validator-index", "1", "--output", out.toString()).failsWith("--genesis-validators-root-file or --beacon-node");
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--all", "--output", out.toString())
        .failsWith("--all needs --beacon-node");
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
        "--output", out.toString()).failsWith("--validator-index");
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", SignerFixture.testKey(9).publicKey().toBytes().toHexString(),
        "--validator-index", "1", "--output", out.toString()).failsWith("holds no key");
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
        "--validator-index", "-1", "--output", out.toString()).failsWith("--validator-index");
    OperatorCli.run("exit", "--url", "http://127.0.0.1:1", "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
        "--validator-index", "1", "--output", out.toString()).failsWith("cannot reach the signer");
    OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
        "--pubkey", keys.get(1).toHexString(), "--validator-index", "1", "--validator-index", "2",
        "--output", out.resolve("one.json").toString()).failsWith("names one file");
    assertThat(OperatorCli.files(out)).isEmpty();
  }

  /** The file is the beacon-API form and its signature verifies under the domain built here from {@code version}. */
  private static void assertVerifies(Path file, BLSPubkey pubkey, Bytes4 version, Bytes32 gvr, long epoch, long index) throws Exception {
    JsonNode exit = JSON.readTree(file.toFile());
    assertThat(exit.get("message").get("epoch").asText()).isEqualTo(Long.toString(epoch));
    assertThat(exit.get("message").get("validator_index").asText()).isEqualTo(Long.toString(index));
    Bytes32 domain = Domains.computeDomain(DomainType.VOLUNTARY_EXIT, version, gvr);
    Bytes32 root = Domains.computeSigningRoot(new VoluntaryExit(epoch, index).hashTreeRoot(), domain);
    assertThat(Bls.verify(pubkey, root.toArray(), BLSSignature.fromHex(exit.get("signature").asText()))).isTrue();
  }
}
