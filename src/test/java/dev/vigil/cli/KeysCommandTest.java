package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.attestation.Evidence;
import dev.vigil.attestation.ReportData;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.Eip2335Keystore;
import dev.vigil.crypto.KeystoreKdf;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil keys generate|list|import|delete} against a signer started in the test. */
class KeysCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONCE = "0x" + "c0ffee".repeat(4);
  @TempDir Path dir;

  private SignerFixture start() throws Exception {
    return SignerFixture.start(dir.resolve("data"));
  }

  private String[] withSigner(SignerFixture signer, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", signer.baseUrl(), "--api-token-file", signer.dataDir.resolve("api-token.txt").toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void generateVerifiesTheEvidenceAndListShowsTheKeys() throws Exception {
    try (SignerFixture signer = start()) {
      Path output = dir.resolve("keys.json");
      OperatorCli.Run run = OperatorCli.run(withSigner(signer, "keys", "generate", "--count", "7", "--nonce", NONCE,
          "--allow-insecure", "--output", output.toString()));
      run.succeeds();
      assertThat(run.err()).contains("7/7");
      JsonNode written = JSON.readTree(output.toFile());
      assertThat(written).hasSize(7);
      List<String> pubkeys = new ArrayList<>();
      for (JsonNode node : written) {
        Evidence evidence = Evidence.fromJsonNode(node);
        assertThat(evidence.nonce()).isEqualTo(ReportData.nonce(Hex.decode(NONCE)));
        assertThat(evidence.reportData()).isEqualTo(ReportData.forKey(evidence.pubkey().orElseThrow(), Hex.decode(NONCE)));
        pubkeys.add(evidence.pubkey().orElseThrow().toHexString());
      }
      // The file is what `vigil attestation verify` reads.
      OperatorCli.run("attestation", "verify", "--evidence", output.toString(), "--nonce", NONCE, "--allow-insecure").succeeds();
      OperatorCli.Run list = OperatorCli.run(withSigner(signer, "keys", "list")).succeeds();
      assertThat(list.out().lines().toList()).containsExactlyInAnyOrderElementsOf(pubkeys);
    }
  }

  @Test
  void insecureEvidenceIsRefusedWithoutAllowInsecureUnlessNotVerified() throws Exception {
    try (SignerFixture signer = start()) {
      OperatorCli.run(withSigner(signer, "keys", "generate", "--count", "2", "--output", dir.resolve("a.json").toString()))
          .failsWith("NOT verified");
      assertThat(dir.resolve("a.json")).doesNotExist();
      OperatorCli.run(withSigner(signer, "keys", "generate", "--count", "2", "--no-verify", "--output", dir.toString())).succeeds();
      assertThat(OperatorCli.files(dir).stream().map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("keygen-\\d+\\.json"));
      OperatorCli.run(withSigner(signer, "keys", "generate", "--count", "1", "--nonce", "0x" + "00".repeat(33),
          "--allow-insecure", "--output", dir.resolve("b.json").toString())).failsWith("--nonce");
    }
  }

  @Test
  void theTokenIsCheckedAndNamed() throws Exception {
    try (SignerFixture signer = start()) {
      OperatorCli.run("keys", "list", "--url", signer.baseUrl()).failsWith("requires its API token");
      Path wrong = Files.writeString(dir.resolve("wrong-token.txt"), "not-the-token\n");
      OperatorCli.run("keys", "list", "--url", signer.baseUrl(), "--api-token-file", wrong.toString())
          .failsWith("refused the API token");
      OperatorCli.run("keys", "list", "--url", "http://127.0.0.1:1", "--api-token-file", wrong.toString())
          .failsWith("cannot reach the signer");
    }
  }

  @Test
  void importKeystoresWithPasswordsAndSlashingProtection() throws Exception {
    Path keystores = Files.createDirectories(dir.resolve("keystores"));
    Path passwords = Files.createDirectories(dir.resolve("passwords"));
    List<BLSPubkey> pubkeys = new ArrayList<>();
    // More than one request's worth (KeysCommand.Import.BATCH), so the batches are exercised.
    for (int i = 0; i < 20; i++) {
      BlsSecretKey key = SignerFixture.testKey(i);
      String password = "password-" + i;
      Files.writeString(keystores.resolve("keystore-" + i + ".json"),
          Eip2335Keystore.encrypt(key, password, new KeystoreKdf.Pbkdf2(2), "", "", new SecureRandom()).toJson());
      // Both names the serve command accepts: <name>.txt and <name>.
      Files.writeString(passwords.resolve("keystore-" + i + (i % 2 == 0 ? ".txt" : "")), password + "\n");
      pubkeys.add(key.publicKey().toBytes());
    }
    Path interchange = Files.writeString(dir.resolve("interchange.json"), """
        {"metadata":{"interchange_format_version":"5","genesis_validators_root":"%s"},
         "data":[{"pubkey":"%s","signed_blocks":[{"slot":"81952","signing_root":"%s"}],"signed_attestations":[]}]}"""
        .formatted(Requests.GVR, pubkeys.get(0), Requests.root(0x42)));
    try (SignerFixture signer = start()) {
      OperatorCli.Run run = OperatorCli.run(withSigner(signer, "keys", "import", "--keystores", keystores.toString(),
          "--passwords", passwords.toString(), "--slashing-protection", interchange.toString()));
      run.succeeds();
      assertThat(run.out()).contains("imported 20, duplicate 0, error 0");
      assertThat(run.err()).contains("20/20");
      assertThat(OperatorCli.run(withSigner(signer, "keys", "list")).succeeds().out().lines().toList())
          .containsExactlyInAnyOrderElementsOf(pubkeys.stream().map(BLSPubkey::toHexString).toList());
      // The imported history protects: a block at or below slot 81952 is refused.
      assertThat(signer.postJson("/api/v1/eth2/sign/" + pubkeys.get(0), Requests.blockV2(81952, Requests.root(0x43)), null).statusCode())
          .isEqualTo(412);

      assertThat(OperatorCli.run(withSigner(signer, "keys", "import", "--keystores", keystores.toString(),
          "--passwords", passwords.toString())).succeeds().out()).contains("imported 0, duplicate 20, error 0");
      Path onePassword = Files.writeString(dir.resolve("one-password.txt"), "password-0\n");
      OperatorCli.Run wrong = OperatorCli.run(withSigner(signer, "keys", "import", "--keystores", keystores.toString(),
          "--password-file", onePassword.toString()));
      wrong.failsWith("19 of 20 keystores not imported");
      assertThat(wrong.err()).contains("not imported: keystore-1.json");
    }
  }

  @Test
  void importRefusesMissingPasswordsBeforeCallingTheSigner() throws Exception {
    Path keystores = Files.createDirectories(dir.resolve("keystores"));
    Files.writeString(keystores.resolve("k.json"), "{}");
    OperatorCli.run("keys", "import", "--url", "http://127.0.0.1:1", "--keystores", keystores.toString(),
        "--passwords", dir.toString()).failsWith("--passwords: no password file k.txt or k");
    OperatorCli.run("keys", "import", "--url", "http://127.0.0.1:1", "--keystores", dir.resolve("absent").toString(),
        "--password-file", dir.toString()).failsWith("--keystores");
  }

  @Test
  void deleteWritesTheHistoryOfTheDeletedKeys() throws Exception {
    List<BLSPubkey> pubkeys = SignerFixture.sealTestKeys(dir.resolve("data"), 3);
    try (SignerFixture signer = start()) {
      assertThat(signer.postJson("/api/v1/eth2/sign/" + pubkeys.get(0), Requests.attestation(3, 4, Requests.root(1)), null).statusCode())
          .isEqualTo(200);
      Path history = dir.resolve("history.json");
      OperatorCli.Run run = OperatorCli.run(withSigner(signer, "keys", "delete", pubkeys.get(0).toHexString(),
          Hex.encodeBare(pubkeys.get(1).toArray()), "--output", history.toString()));
      run.succeeds();
      assertThat(run.out()).contains("deleted 2 of 2");
      JsonNode interchange = JSON.readTree(history.toFile());
      assertThat(interchange.get("metadata").get("interchange_format_version").asText()).isEqualTo("5");
      assertThat(interchange.get("data").findValuesAsText("pubkey")).contains(pubkeys.get(0).toHexString());
      assertThat(OperatorCli.run(withSigner(signer, "keys", "list")).out().strip()).isEqualTo(pubkeys.get(2).toHexString());

      // An unknown key is reported, but the history of the key that was deleted is still written.
      Path second = dir.resolve("second.json");
      OperatorCli.Run partly = OperatorCli.run(withSigner(signer, "keys", "delete", pubkeys.get(2).toHexString(),
          SignerFixture.testKey(50).publicKey().toBytes().toHexString(), "--output", second.toString()));
      partly.failsWith("1 of 2 keys not deleted");
      assertThat(partly.err()).contains("not_found");
      assertThat(second).exists();
      OperatorCli.run(withSigner(signer, "keys", "delete", pubkeys.get(2).toHexString(), "--output", second.toString()))
          .failsWith("already exists");
    }
  }

  @Test
  void moreKeysThanOneRequestCarriesAreGeneratedAndDeletedInBatches() throws Exception {
    try (SignerFixture signer = start()) {
      Path output = dir.resolve("keys.json");
      OperatorCli.run(withSigner(signer, "keys", "generate", "--count", "1001", "--allow-insecure", "--output", output.toString()))
          .succeeds();
      List<String> pubkeys = JSON.readTree(output.toFile()).findValuesAsText("pubkey");
      assertThat(pubkeys).hasSize(1001).doesNotHaveDuplicates();
      List<String> args = new ArrayList<>(List.of("keys", "delete"));
      args.addAll(pubkeys);
      args.addAll(List.of("--output", dir.resolve("history.json").toString()));
      OperatorCli.Run deleted = OperatorCli.run(withSigner(signer, args.toArray(String[]::new)));
      assertThat(deleted.succeeds().out()).contains("deleted 1001 of 1001");
      assertThat(deleted.err()).contains("1001/1001");
      assertThat(JSON.readTree(dir.resolve("history.json").toFile()).get("data").isArray()).isTrue();
      assertThat(OperatorCli.run(withSigner(signer, "keys", "list")).succeeds().out()).isEmpty();
    }
  }
}
