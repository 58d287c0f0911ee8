package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.Domains;
import dev.vigil.spec.Hex;
import dev.vigil.spec.Networks;
import dev.vigil.spec.VoluntaryExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One operator's day with 1,000 keys: generated in the signer, deposit data for all of them, an exit
 * for each; progress shown, nothing missing, every signature verified again here.
 */
class BulkOperatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEYS = 1000;
  private static final String ADDRESS = "0x" + "a1".repeat(20);
  @TempDir Path dir;

  @Test
  void thousandKeysGeneratedDepositedAndExited() throws Exception {
    try (SignerFixture signer = SignerFixture.start(dir.resolve("data"));
        FakeBeaconNode beacon = new FakeBeaconNode(Networks.HOODI.requireGenesisValidatorsRoot(), 32 * 5000, false)) {
      String token = signer.dataDir.resolve("api-token.txt").toString();
      Path keysFile = dir.resolve("keys.json");
      OperatorCli.Run generated = OperatorCli.run("keys", "generate", "--url", signer.baseUrl(), "--api-token-file", token,
          "--count", Integer.toString(KEYS), "--allow-insecure", "--output", keysFile.toString());
      generated.succeeds();
      assertThat(generated.err()).contains(KEYS + "/" + KEYS);
      List<BLSPubkey> pubkeys = new ArrayList<>();
      for (JsonNode evidence : JSON.readTree(keysFile.toFile())) {
        pubkeys.add(BLSPubkey.fromHex(evidence.get("pubkey").asText()));
      }
      assertThat(new HashSet<>(pubkeys)).hasSize(KEYS);

      Path depositFile = dir.resolve("deposits.json");
      OperatorCli.Run deposited = OperatorCli.run("deposit", "--url", signer.baseUrl(), "--api-token-file", token, "--network", "hoodi",
          "--withdrawal-address", ADDRESS, "--all", "--output", depositFile.toString());
      deposited.succeeds();
      assertThat(deposited.err()).contains(KEYS + "/" + KEYS);
      JsonNode deposits = JSON.readTree(depositFile.toFile());
      assertThat(deposits).hasSize(KEYS);
      Bytes32 credentials = Bytes32.fromHex("0x01" + "00".repeat(11) + ADDRESS.substring(2));
      Set<BLSPubkey> inDepositData = new HashSet<>();
      for (JsonNode deposit : deposits) {
        BLSPubkey pubkey = BLSPubkey.fromHex(deposit.get("pubkey").asText());
        Bytes32 root = Domains.computeSigningRoot(
            new DepositMessage(pubkey, credentials, 32_000_000_000L).hashTreeRoot(), Networks.HOODI.depositDomain());
        assertThat(Bls.verify(pubkey, root.toArray(), new BLSSignature(Hex.decode(deposit.get("signature").asText())))).isTrue();
        inDepositData.add(pubkey);
      }
      assertThat(inDepositData).containsExactlyInAnyOrderElementsOf(pubkeys);

      for (int i = 0; i < KEYS; i++) {
        beacon.validators.put(pubkeys.get(i), 500_000L + i);
      }
      Path exits = dir.resolve("exits");
      OperatorCli.Run exited = OperatorCli.run("exit", "--url", signer.baseUrl(), "--network", "hoodi", "--all",
          "--beacon-node", beacon.url(), "--output", exits.toString());
      exited.succeeds();
      assertThat(exited.err()).contains(KEYS + "/" + KEYS);
      List<Path> files;
      try (var listing = Files.list(exits)) {
        files = listing.toList();
      }
      assertThat(files).hasSize(KEYS);
      Bytes32 domain = Networks.HOODI.voluntaryExitDomain(5000);
      Set<Long> indices = new HashSet<>();
      for (Path file : files) {
        JsonNode exit = JSON.readTree(file.toFile());
        long index = Long.parseLong(exit.get("message").get("validator_index").asText());
        assertThat(exit.get("message").get("epoch").asText()).isEqualTo("5000");
        Bytes32 root = Domains.computeSigningRoot(new VoluntaryExit(5000, index).hashTreeRoot(), domain);
        BLSPubkey pubkey = pubkeys.get((int) (index - 500_000L));
        assertThat(Bls.verify(pubkey, root.toArray(), BLSSignature.fromHex(exit.get("signature").asText()))).isTrue();
        indices.add(index);
      }
      assertThat(indices).hasSize(KEYS);
    }
  }
}
