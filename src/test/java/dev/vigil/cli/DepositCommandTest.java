package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.crypto.Bip39;
import dev.vigil.crypto.Bls;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2334;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vigil deposit} against a running signer holding the Lighthouse test keys (imported from
 * EIP-2335 keystores made here): the 22 Lighthouse deposits byte for byte, 0x02 credentials and
 * custom amounts against roots computed here with plain SHA-256, and every refusal.
 */
class DepositCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MNEMONIC = "test test test test test test test test test test test waste";
  private static final String ETH1_ADDRESS = "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad";
  private static final int[] KEY_INDICES = {0, 1, 2, 12, 99, 100, 1024, 1025, 1026};
  private static final Path LIGHTHOUSE = Path.of("deposit-data/lighthouse/validator_manager/test_vectors/vectors");

  @TempDir static Path signerDir;
  @TempDir Path out;
  private static SignerFixture signer;
  private static final List<BLSPubkey> HELD = new ArrayList<>();

  @BeforeAll
  static void startSignerWithTheLighthouseKeys() throws Exception {
    byte[] seed = Bip39.seed(MNEMONIC, "");
    Path keystores = Files.createDirectories(signerDir.resolve("keystores"));
    SecureRandom random = new SecureRandom();
    for (int index : KEY_INDICES) {
      BlsSecretKey key = Eip2334.deriveSecretKey(seed, Eip2334.signingKeyPath(index));
      // A cheap PBKDF2 count: the keystores exist only for this test.
      Eip2335Keystore keystore = Eip2335Keystore.encrypt(key, "MyPassword", new KeystoreKdf.Pbkdf2(2),
          Eip2334.signingKeyPath(index), "", random);
      Files.writeString(keystores.resolve("keystore-m_12381_3600_" + index + "_0_0.json"), keystore.toJson());
      HELD.add(key.publicKey().toBytes());
    }
    Files.writeString(signerDir.resolve("password.txt"), "MyPassword\n");
    signer = SignerFixture.start(signerDir.resolve("data"), "--keystores-path", keystores.toString(),
        "--keystores-password-file", signerDir.resolve("password.txt").toString());
  }

  private static String tokenFile() {
    return signer.dataDir.resolve("api-token.txt").toString();
  }

  @AfterAll
  static void stopSigner() {
    signer.close();
  }

  static Stream<Arguments> lighthouseDepositFiles() throws Exception {
    try (Stream<Path> folders = Files.list(Vectors.path(LIGHTHOUSE.toString()))) {
      return folders.sorted().map(folder -> Arguments.of(folder.getFileName().toString())).toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lighthouseDepositFiles")
  void reproducesTheLighthouseDepositDataByteForByte(String vector) throws Exception {
    Path folder = Vectors.path(LIGHTHOUSE.resolve(vector).resolve("validator_keys").toString());
    Path expected;
    try (Stream<Path> files = Files.list(folder)) {
      expected = files.filter(f -> f.getFileName().toString().startsWith("deposit_data-")).findFirst().orElseThrow();
    }
    JsonNode entries = JSON.readTree(expected.toFile());
    List<String> args = new ArrayList<>(List.of("deposit", "--api-token-file", tokenFile(), "--url", signer.baseUrl(),
        "--network", vector.substring(0, vector.indexOf('_')), "--output", out.resolve("deposit.json").toString()));
    if (vector.endsWith("eth1_true")) {
      args.addAll(List.of("--withdrawal-address", ETH1_ADDRESS));
    } else {
      // 0x00 (BLS) credentials differ per key, so each vector key is its own run below.
      assertThat(entries).allSatisfy(e -> assertThat(e.get("withdrawal_credentials").asText()).startsWith("00"));
    }
    if (vector.endsWith("eth1_true")) {
      for (JsonNode entry : entries) {
        args.addAll(List.of("--pubkey", entry.get("pubkey").asText()));
      }
      OperatorCli.run(args.toArray(String[]::new)).succeeds();
      assertThat(Files.readString(out.resolve("deposit.json"))).isEqualTo(Files.readString(expected));
      return;
    }
    List<String> produced = new ArrayList<>();
    for (JsonNode entry : entries) {
      Path file = out.resolve("deposit-" + produced.size() + ".json");
      List<String> one = new ArrayList<>(args);
      one.set(one.indexOf(out.resolve("deposit.json").toString()), file.toString());
      one.addAll(List.of("--withdrawal-credentials", entry.get("withdrawal_credentials").asText(), "--pubkey", entry.get("pubkey").asText()));
      OperatorCli.run(one.toArray(String[]::new)).succeeds();
      String text = Files.readString(file);
      produced.add(text.substring(1, text.length() - 1));
    }
    assertThat("[" + String.join(", ", produced) + "]").isEqualTo(Files.readString(expected));
  }

  @Test
  void compoundingCredentialsAndCustomAmountsMatchRootsComputedIndependently() throws Exception {
    OperatorCli.Run run = OperatorCli.run("deposit", "--api-token-file", tokenFile(), "--url", signer.baseUrl(), "--network", "hoodi",
        "--withdrawal-address", ETH1_ADDRESS.substring(2), "--compounding", "--amount", "2048000000000",
        "--pubkey", HELD.get(0).toHexString(), "--pubkey", HELD.get(1).toHexString().substring(2), "--output", out.toString());
    run.succeeds();
    List<Path> files = OperatorCli.files(out);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).matches("deposit_data-\\d+\\.json");
    assertThat(run.out().strip()).isEqualTo(files.get(0).toString());
    JsonNode entries = JSON.readTree(files.get(0).toFile());
    assertThat(entries).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode entry = entries.get(i);
      byte[] pubkey = HELD.get(i).toArray();
      byte[] credentials = Hex.decode("02" + "00".repeat(11) + ETH1_ADDRESS.substring(2));
      assertEntry(entry, pubkey, credentials, 2_048_000_000_000L, "10000910", "hoodi");
    }
  }

  @Test
  void aMinimalTopUpWith0x01Credentials() throws Exception {
    OperatorCli.run("deposit", "--api-token-file", tokenFile(), "--url", signer.baseUrl(), "--network", "sepolia", "--withdrawal-address", ETH1_ADDRESS,
        "--amount", "1000000000", "--pubkey", HELD.get(2).toHexString(), "--output", out.resolve("topup.json").toString()).succeeds();
    JsonNode entry = JSON.readTree(out.resolve("topup.json").toFile()).get(0);
    assertEntry(entry, HELD.get(2).toArray(), Hex.decode("01" + "00".repeat(11) + ETH1_ADDRESS.substring(2)),
        1_000_000_000L, "90000069", "sepolia");
  }

  @Test
  void allKeysOfTheSigner() throws Exception {
    OperatorCli.run("deposit", "--api-token-file", tokenFile(), "--url", signer.baseUrl(), "--network", "mainnet", "--withdrawal-address", ETH1_ADDRESS,
        "--all", "--output", out.resolve("all.json").toString()).succeeds();
    List<String> pubkeys = JSON.readTree(out.resolve("all.json").toFile()).findValuesAsText("pubkey");
    assertThat(pubkeys).containsExactlyInAnyOrderElementsOf(HELD.stream().map(k -> Hex.encodeBare(k.toArray())).toList());
  }

  static Stream<Arguments> refusals() {
    String known = "--pubkey=0x" + "88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0";
    String unknown = "--pubkey=" + SignerFixture.testKey(7).publicKey().toBytes();
    return Stream.of(
        Arguments.of("malformed address", List.of("--withdrawal-address=0x0f51bb10119727a7e5eA3538074fb341F56B09", known), "--withdrawal-address"),
        Arguments.of("address not hex", List.of("--withdrawal-address=0xzz51bb10119727a7e5eA3538074fb341F56B09Ad", known), "--withdrawal-address"),
        Arguments.of("half an ETH", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--amount=500000000", known), "--amount"),
        Arguments.of("33 ETH for 0x01", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--amount=33000000000", known), "--amount"),
        Arguments.of("2049 ETH for 0x02", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--compounding", "--amount=2049000000000", known), "--amount"),
        Arguments.of("amount not a number", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--amount=32ETH", known), "--amount"),
        Arguments.of("unknown key", List.of("--withdrawal-address=" + ETH1_ADDRESS, unknown), "holds no key"),
        Arguments.of("known then unknown key", List.of("--withdrawal-address=" + ETH1_ADDRESS, known, unknown), "holds no key"),
        Arguments.of("malformed pubkey", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--pubkey=0x1234"), "--pubkey"),
        Arguments.of("same key twice", List.of("--withdrawal-address=" + ETH1_ADDRESS, known, known), "twice"),
        Arguments.of("both kinds of credentials", List.of("--withdrawal-address=" + ETH1_ADDRESS, "--withdrawal-credentials=0x" + "00".repeat(32), known), "exactly one"),
        Arguments.of("unknown credentials prefix", List.of("--withdrawal-credentials=0x03" + "00".repeat(31), known), "prefix"),
        Arguments.of("unknown network", List.of("--network=goerli", "--withdrawal-address=" + ETH1_ADDRESS, known), "--network"),
        Arguments.of("unreachable signer", List.of("--url=http://127.0.0.1:1", "--withdrawal-address=" + ETH1_ADDRESS, known), "cannot reach the signer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusalsAreOneLineAndLeaveNoFile(String name, List<String> options, String fragment) throws Exception {
    List<String> args = new ArrayList<>(List.of("deposit", "--api-token-file", tokenFile(), "--output", out.toString()));
    if (options.stream().noneMatch(o -> o.startsWith("--url="))) {
      args.add("--url=" + signer.baseUrl());
    }
    if (options.stream().noneMatch(o -> o.startsWith("--network="))) {
      args.add("--network=mainnet");
    }
    args.addAll(options);
    OperatorCli.run(args.toArray(String[]::new)).failsWith(fragment);
    assertThat(OperatorCli.files(out)).isEmpty();
  }

  @Test
  void anExistingFileIsNotOverwritten() throws Exception {
    Path existing = Files.writeString(out.resolve("deposit.json"), "keep me");
    OperatorCli.run("deposit", "--api-token-file", tokenFile(), "--url", signer.baseUrl(), "--network", "mainnet", "--withdrawal-address", ETH1_ADDRESS,
        "--pubkey", HELD.get(0).toHexString(), "--output", existing.toString()).failsWith("already exists");
    assertThat(Files.readString(existing)).isEqualTo("keep me");
    assertThat(OperatorCli.files(out)).containsExactly(existing);
  }

  /** Checks one entry with SSZ roots and the deposit domain computed here from plain SHA-256. */
  private static void assertEntry(JsonNode entry, byte[] pubkey, byte[] credentials, long amount, String forkVersion, String network)
      throws Exception {
    assertThat(entry.get("pubkey").asText()).isEqualTo(Hex.encodeBare(pubkey));
    assertThat(entry.get("withdrawal_credentials").asText()).isEqualTo(Hex.encodeBare(credentials));
    assertThat(entry.get("amount").isIntegralNumber()).isTrue();
    assertThat(entry.get("amount").asLong()).isEqualTo(amount);
    assertThat(entry.get("fork_version").asText()).isEqualTo(forkVersion);
    assertThat(entry.get("network_name").asText()).isEqualTo(network);
    assertThat(entry.get("deposit_cli_version").asText()).isEqualTo("2.7.0");
    byte[] signature = Hex.decode(entry.get("signature").asText());
    byte[] pubkeyRoot = sha256(pubkey, new byte[16]);
    byte[] amountLeaf = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(amount).array();
    byte[] messageRoot = sha256(sha256(pubkeyRoot, credentials), sha256(amountLeaf, new byte[32]));
    byte[] signatureRoot = sha256(sha256(java.util.Arrays.copyOfRange(signature, 0, 64)),
        sha256(java.util.Arrays.copyOfRange(signature, 64, 96), new byte[32]));
    byte[] dataRoot = sha256(sha256(pubkeyRoot, credentials), sha256(amountLeaf, signatureRoot));
    assertThat(entry.get("deposit_message_root").asText()).isEqualTo(Hex.encodeBare(messageRoot));
    assertThat(entry.get("deposit_data_root").asText()).isEqualTo(Hex.encodeBare(dataRoot));
    byte[] forkDataRoot = sha256(Hex.decode(forkVersion), new byte[28], new byte[32]);
    byte[] domain = new byte[32];
    domain[0] = 0x03;
    System.arraycopy(forkDataRoot, 0, domain, 4, 28);
    byte[] signingRoot = sha256(messageRoot, domain);
    assertThat(Bls.verify(new BLSPubkey(pubkey), signingRoot, new BLSSignature(signature))).isTrue();
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
