package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.DepositData;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.Domains;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Web3Signer's medalla and pyrmont deposit files (staking-deposit-cli 1.1.0): with the secret keys
 * its acceptance test uses, the deposit message root, signature and deposit data root come out
 * exactly as in the files.
 */
class Web3SignerDepositSignaturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> deposits() throws IOException {
    JsonNode keys = JSON.readTree(Vectors.path("deposit-data/EXTRACTED_vectors.json").toFile()).get("web3signer_deposit_keys").get("keys");
    List<Arguments> cases = new ArrayList<>();
    for (String network : List.of("medalla", "pyrmont")) {
      JsonNode file = JSON.readTree(Vectors.path("web3signer/acceptance-tests/src/test/resources/eth2/deposit_data-" + network + ".json").toFile());
      for (JsonNode deposit : file) {
        String secret = null;
        for (JsonNode key : keys) {
          if (Hex.encodeBare(Hex.decode(key.get("pk").asText())).equals(deposit.get("pubkey").asText())) {
            secret = key.get("sk").asText();
          }
        }
        assertThat(secret).as("secret key for " + deposit.get("pubkey").asText()).isNotNull();
        cases.add(Arguments.of(network + " " + deposit.get("pubkey").asText().substring(0, 12), secret, deposit));
      }
    }
    assertThat(cases).hasSize(4);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deposits")
  void depositIsReproduced(String name, String secret, JsonNode deposit) {
    try (BlsSecretKey key = BlsSecretKey.fromBytes(Hex.decode(secret))) {
      DepositMessage message = new DepositMessage(
          BLSPubkey.fromHex(deposit.get("pubkey").asText()),
          Bytes32.fromHex(deposit.get("withdrawal_credentials").asText()),
          deposit.get("amount").asLong());
      assertThat(Hex.encodeBare(message.hashTreeRoot().toArray())).isEqualTo(deposit.get("deposit_message_root").asText());

      Bytes32 domain = Domains.computeDepositDomain(Bytes4.fromHex(deposit.get("fork_version").asText()));
      BlsSignature signature = key.sign(Domains.computeSigningRoot(message.hashTreeRoot(), domain));
      assertThat(Hex.encodeBare(signature.toBytes().toArray())).isEqualTo(deposit.get("signature").asText());

      DepositData data = new DepositData(message.pubkey(), message.withdrawalCredentials(), message.amount(), signature.toBytes());
      assertThat(Hex.encodeBare(data.hashTreeRoot().toArray())).isEqualTo(deposit.get("deposit_data_root").asText());
    }
  }
}
