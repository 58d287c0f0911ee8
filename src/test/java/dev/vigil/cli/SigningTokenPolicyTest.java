package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may have money-moving messages signed through a running {@code vigil serve}: DEPOSIT only a
 * holder of the Keymanager API token; VOLUNTARY_EXIT and VALIDATOR_REGISTRATION any validator client,
 * unless the operator requires the token for them with {@code --require-token-for}.
 */
class SigningTokenPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String deposit(BLSPubkey pubkey) {
    return """
        {"type":"DEPOSIT","deposit":{"pubkey":"%s","withdrawal_credentials":"0x01%s%s",
         "amount":"32000000000","genesis_fork_version":"0x00000000"}}"""
        .formatted(pubkey, "00".repeat(11), "ab".repeat(20));
  }

  private static String voluntaryExit() {
    return """
        {"type":"VOLUNTARY_EXIT","fork_info":%s,"voluntary_exit":{"epoch":"10","validator_index":"7"}}"""
        .formatted(Requests.forkInfo(Requests.GVR));
  }

  private static String validatorRegistration(BLSPubkey pubkey) {
    return """
        {"type":"VALIDATOR_REGISTRATION","validator_registration":{"fee_recipient":"0x%s",
         "gas_limit":"30000000","timestamp":"1700000000","pubkey":"%s"}}"""
        .formatted("cd".repeat(20), pubkey);
  }

  private static String body(String type, BLSPubkey pubkey) {
    return switch (type) {
      case "DEPOSIT" -> deposit(pubkey);
      case "VOLUNTARY_EXIT" -> voluntaryExit();
      case "VALIDATOR_REGISTRATION" -> validatorRegistration(pubkey);
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** Signs with {@code authorization} as the Authorization header (none when null). */
  private static HttpResponse<String> sign(SignerFixture signer, BLSPubkey pubkey, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signer.baseUrl() + "/api/v1/eth2/sign/" + pubkey))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return signer.send(request.build());
  }

  private static String message(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("message").asText();
  }

  @Test
  void depositNeedsTheTokenByDefault() throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> missing = sign(signer, key, deposit(key), null);
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(message(missing)).contains("DEPOSIT", "Keymanager API token", "Authorization");

      HttpResponse<String> wrong = sign(signer, key, deposit(key), "Bearer not-the-token");
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(message(wrong)).contains("DEPOSIT", "invalid API token");

      HttpResponse<String> signed = sign(signer, key, deposit(key), "Bearer " + signer.apiToken());
      assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
      assertThat(JSON.readTree(signed.body()).get("signature").asText()).startsWith("0x");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"VOLUNTARY_EXIT", "VALIDATOR_REGISTRATION"})
  void exitsAndRegistrationsAreOpenToValidatorClientsByDefault(String type) throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      HttpResponse<String> signed = sign(signer, key, body(type, key), null);
      assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"VOLUNTARY_EXIT", "VALIDATOR_REGISTRATION"})
  void theOperatorCanRequireTheTokenForExitsAndRegistrations(String type) throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir, "--require-token-for", "voluntary_exit,VALIDATOR_REGISTRATION")) {
      HttpResponse<String> missing = sign(signer, key, body(type, key), null);
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(message(missing)).contains(type, "Keymanager API token");
      assertThat(sign(signer, key, body(type, key), "Bearer wrong").statusCode()).isEqualTo(403);

      HttpResponse<String> signed = sign(signer, key, body(type, key), "Bearer " + signer.apiToken());
      assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
      assertThat(sign(signer, key, Requests.attestation(1, 2, Requests.root(1)), null).statusCode())
          .as("duties stay open").isEqualTo(200);
    }
  }

  @Test
  void requiringTheTokenForOneTypeLeavesTheOtherOpen() throws Exception {
    BLSPubkey key = SignerFixture.sealTestKeys(dir, 1).get(0);
    try (SignerFixture signer = SignerFixture.start(dir, "--require-token-for", "VOLUNTARY_EXIT")) {
      assertThat(sign(signer, key, voluntaryExit(), null).statusCode()).isEqualTo(401);
      assertThat(sign(signer, key, validatorRegistration(key), null).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"BLOCK", "ATTESTATION", "exit", ""})
  void onlyExitsAndRegistrationsCanBeMadeToRequireTheToken(String value) {
    assertThatThrownBy(() -> SignerFixture.start(dir, "--require-token-for", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--require-token-for", "VOLUNTARY_EXIT", "VALIDATOR_REGISTRATION");
  }

  @Test
  void theExitCommandSendsTheTokenWhenTheOperatorRequiresIt() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    Path out = dir.resolve("exit.json");
    try (SignerFixture signer = SignerFixture.start(dir, "--require-token-for", "VOLUNTARY_EXIT")) {
      List<String> args = List.of("exit", "--url", signer.baseUrl(), "--network", "mainnet", "--pubkey", keys.get(0).toHexString(),
          "--validator-index", "12345", "--epoch", "400000", "--output", out.toString());
      OperatorCli.run(args.toArray(String[]::new)).failsWith("--api-token-file");
      List<String> withToken = new java.util.ArrayList<>(args);
      withToken.addAll(List.of("--api-token-file", signer.dataDir.resolve("api-token.txt").toString()));
      OperatorCli.run(withToken.toArray(String[]::new)).succeeds();
      assertThat(out).exists();
    }
  }

  @Test
  void theDepositCommandSendsTheToken() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    Path out = dir.resolve("deposit.json");
    try (SignerFixture signer = SignerFixture.start(dir)) {
      OperatorCli.run("deposit", "--url", signer.baseUrl(), "--network", "hoodi", "--withdrawal-address", "0x" + "ab".repeat(20),
          "--pubkey", keys.get(0).toHexString(), "--output", out.toString()).failsWith("--api-token-file");
      OperatorCli.run("deposit", "--url", signer.baseUrl(), "--network", "hoodi", "--withdrawal-address", "0x" + "ab".repeat(20),
          "--pubkey", keys.get(0).toHexString(), "--output", out.toString(),
          "--api-token-file", signer.dataDir.resolve("api-token.txt").toString()).succeeds();
      assertThat(JSON.readTree(out.toFile())).hasSize(1);
    }
  }
}
