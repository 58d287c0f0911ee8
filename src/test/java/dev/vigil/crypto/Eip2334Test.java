package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** EIP-2334 paths, checked against keys that deposit tools derived from known mnemonics. */
class Eip2334Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LIGHTHOUSE_DIR = Pattern.compile("(\\w+)_first_(\\d+)_count_(\\d+)_eth1_(true|false)");

  @Test
  void validatorPaths() {
    assertThat(Eip2334.signingKeyPath(7)).isEqualTo("m/12381/3600/7/0/0");
    assertThat(Eip2334.withdrawalKeyPath(7)).isEqualTo("m/12381/3600/7/0");
    assertThat(Eip2334.signingKeyPath(0xFFFFFFFFL)).isEqualTo("m/12381/3600/4294967295/0/0");
    assertThatThrownBy(() -> Eip2334.signingKeyPath(1L << 32)).hasMessageContaining("index");
    assertThat(Eip2334.parsePath("m/12381/3600/4294967295/0/0")).containsExactly(12381, 3600, 4294967295L, 0, 0);
    assertThat(Eip2334.parsePath("m")).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "12381/3600/0/0/0", "M/12381", "m/", "m//0", "m/12381/3600/0'/0/0", "m/-1", "m/+1",
      "m/01", "m/4294967296", "m/99999999999", "m/1 ", "m/0x10", " m/0"})
  void refusesMalformedPaths(String path) {
    assertThatThrownBy(() -> Eip2334.parsePath(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path:");
  }

  /** Every Lighthouse deposit: signing pubkey and 0x00 credentials from "test … waste". */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lighthouseDeposits")
  void lighthouseDepositKeys(String name, long index, boolean eth1, JsonNode deposit) {
    byte[] seed = Bip39.seed("test test test test test test test test test test test waste", "");
    try (BlsSecretKey signing = Eip2334.deriveSecretKey(seed, Eip2334.signingKeyPath(index));
        BlsSecretKey withdrawal = Eip2334.deriveSecretKey(seed, Eip2334.withdrawalKeyPath(index))) {
      assertThat(Hex.encodeBare(signing.publicKey().toBytes().toArray())).isEqualTo(deposit.get("pubkey").asText());
      if (!eth1) {
        byte[] credentials = sha256(withdrawal.publicKey().toBytes().toArray());
        credentials[0] = 0x00;
        assertThat(Hex.encodeBare(credentials)).isEqualTo(deposit.get("withdrawal_credentials").asText());
      }
      byte[] signingRoot = depositSigningRoot(deposit);
      assertThat(Bls.verify(signing.publicKey(), signingRoot,
          BlsSignature.fromBytes(Hex.decode(deposit.get("signature").asText())))).isTrue();
      assertThat(Hex.encodeBare(signing.sign(signingRoot).toBytes().toArray()))
          .as("BLS signatures are deterministic: the same key and root give the file's signature")
          .isEqualTo(deposit.get("signature").asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extractedKeys")
  void knownMnemonicKeys(String name, String mnemonic, String passphrase, String path, String sk, String pk) {
    try (BlsSecretKey key = Eip2334.deriveSecretKey(Bip39.seed(mnemonic, passphrase), path)) {
      assertThat(Hex.encode(key.toBytes())).isEqualTo(sk);
      assertThat(key.publicKey().toBytes().toHexString()).isEqualTo(pk);
    }
  }

  /** compute_signing_root(DepositMessage, compute_domain(DOMAIN_DEPOSIT, fork_version, ZERO)). */
  private static byte[] depositSigningRoot(JsonNode deposit) {
    byte[] forkData = new byte[64];
    System.arraycopy(Hex.decode(deposit.get("fork_version").asText()), 0, forkData, 0, 4);
    byte[] domain = new byte[32];
    domain[0] = 0x03;
    System.arraycopy(sha256(forkData), 0, domain, 4, 28);
    byte[] signingData = new byte[64];
    System.arraycopy(Hex.decode(deposit.get("deposit_message_root").asText()), 0, signingData, 0, 32);
    System.arraycopy(domain, 0, signingData, 32, 32);
    return sha256(signingData);
  }

  static Stream<Arguments> lighthouseDeposits() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Vectors.path("deposit-data/lighthouse"))) {
      files = walk.filter(p -> p.getFileName().toString().startsWith("deposit_data-")).sorted().toList();
    }
    for (Path file : files) {
      String dir = file.getParent().getParent().getFileName().toString();
      Matcher m = LIGHTHOUSE_DIR.matcher(dir);
      assertThat(m.matches()).as(dir).isTrue();
      long first = Long.parseLong(m.group(2));
      JsonNode deposits = JSON.readTree(file.toFile());
      assertThat(deposits.size()).as(dir).isEqualTo(Integer.parseInt(m.group(3)));
      for (int i = 0; i < deposits.size(); i++) {
        cases.add(Arguments.of(dir + " validator " + (first + i), first + i, m.group(4).equals("true"), deposits.get(i)));
      }
    }
    assertThat(cases).hasSize(22);
    return cases.stream();
  }

  static Stream<Arguments> extractedKeys() throws IOException {
    JsonNode extracted = JSON.readTree(Vectors.path("deposit-data/EXTRACTED_vectors.json").toFile());
    List<Arguments> cases = new ArrayList<>();
    JsonNode lighthouse = extracted.get("lighthouse_test_mnemonic");
    for (Map.Entry<String, JsonNode> entry : lighthouse.get("keys_derived_by_extractor").properties()) {
      long index = Long.parseLong(entry.getKey());
      JsonNode k = entry.getValue();
      String mnemonic = lighthouse.get("mnemonic").asText();
      cases.add(Arguments.of("lighthouse signing " + index, mnemonic, "", Eip2334.signingKeyPath(index),
          k.get("signing_sk").asText(), k.get("signing_pk").asText()));
      cases.add(Arguments.of("lighthouse withdrawal " + index, mnemonic, "", Eip2334.withdrawalKeyPath(index),
          k.get("withdrawal_sk").asText(), k.get("withdrawal_pk").asText()));
    }
    JsonNode prysm = extracted.get("prysm_abandon_mnemonic");
    for (JsonNode k : prysm.get("keys")) {
      cases.add(Arguments.of("prysm " + k.get("index").asText(), prysm.get("mnemonic").asText(),
          prysm.get("bip39_passphrase").asText(), Eip2334.signingKeyPath(k.get("index").asLong()),
          k.get("sk").asText(), k.get("pk").asText()));
    }
    for (JsonNode k : prysm.get("extractor_derived_with_passphrase_TREZOR")) {
      cases.add(Arguments.of("abandon+TREZOR " + k.get("index").asText(), prysm.get("mnemonic").asText(), "TREZOR",
          Eip2334.signingKeyPath(k.get("index").asLong()), k.get("sk").asText(), k.get("pk").asText()));
    }
    return cases.stream();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
