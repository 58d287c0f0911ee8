package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EIP-2333 test cases (from the EIP and staking-deposit-cli's tree_kdf files). */
class Eip2333Test {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource("treeKdfCases")
  void derivesMasterAndChild(String name, String seed, BigInteger masterSk, long childIndex, BigInteger childSk) {
    BigInteger master = Eip2333.deriveMasterSk(Hex.decode(seed));
    assertThat(master).isEqualTo(masterSk);
    assertThat(Eip2333.deriveChildSk(master, childIndex)).isEqualTo(childSk);
  }

  @Test
  void eipHexConversionsMatchTheIntegers() throws IOException {
    for (JsonNode c : JSON.readTree(Vectors.path("eip2333-2334-2335-keys/eip2333_test_vectors.json").toFile()).get("test_cases")) {
      BigInteger master = Eip2333.deriveMasterSk(Hex.decode(c.get("seed").asText()));
      try (BlsSecretKey key = BlsSecretKey.fromInteger(master)) {
        assertThat(Hex.encode(key.toBytes())).isEqualTo(c.get("master_SK_hex").asText());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("intermediateVectors")
  void lamportIntermediates(String name, JsonNode vector) {
    BigInteger parent = new BigInteger(vector.get("master_SK").asText());
    long index = vector.get("child_index").asLong();
    byte[] salt = {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
    byte[] ikm = BlsSecretKey.toBytes32(parent);
    byte[] notIkm = new byte[32];
    for (int i = 0; i < 32; i++) {
      notIkm[i] = (byte) ~ikm[i];
    }
    assertThat(hexes(Eip2333.ikmToLamportSk(ikm, salt))).containsExactlyElementsOf(strings(vector.get("lamport_0")));
    assertThat(hexes(Eip2333.ikmToLamportSk(notIkm, salt))).containsExactlyElementsOf(strings(vector.get("lamport_1")));
    assertThat(Hex.encodeBare(Eip2333.parentSkToLamportPk(parent, index)))
        .isEqualTo(stripped(vector.get("compressed_lamport_PK").asText()));
    assertThat(Eip2333.deriveChildSk(parent, index)).isEqualTo(new BigInteger(vector.get("child_SK").asText()));
  }

  @Test
  void treeKdfIntermediateStartsFromItsMnemonic() throws IOException {
    JsonNode vector = JSON.readTree(Vectors.path(
        "deposit-data/staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/tree_kdf_intermediate.json").toFile());
    byte[] seed = Bip39.seed(vector.get("mnemonic").asText(), vector.get("password").asText());
    assertThat(Hex.encodeBare(seed)).isEqualTo(vector.get("seed").asText());
    assertThat(Eip2334.deriveSk(seed, vector.get("path").asText()))
        .isEqualTo(new BigInteger(vector.get("child_SK").asText()));
  }

  @Test
  void refusesShortSeedsAndIndicesBeyondUint32() {
    assertThatThrownBy(() -> Eip2333.deriveMasterSk(new byte[31])).hasMessageContaining("seed");
    assertThatThrownBy(() -> Eip2333.deriveChildSk(BigInteger.ONE, 1L << 32)).hasMessageContaining("index");
    assertThatThrownBy(() -> Eip2333.deriveChildSk(BigInteger.ONE, -1)).hasMessageContaining("index");
    assertThat(Eip2333.deriveChildSk(BigInteger.ONE, 0xFFFFFFFFL)).isPositive();
  }

  static Stream<Arguments> treeKdfCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : JSON.readTree(Vectors.path("eip2333-2334-2335-keys/eip2333_test_vectors.json").toFile()).get("test_cases")) {
      cases.add(Arguments.of("eip2333_test_vectors.json " + c.get("name").asText(), c.get("seed").asText(),
          new BigInteger(c.get("master_SK").asText()), c.get("child_index").asLong(), new BigInteger(c.get("child_SK").asText())));
    }
    JsonNode treeKdf = JSON.readTree(Vectors.path(
        "deposit-data/staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/tree_kdf.json").toFile());
    int i = 0;
    for (JsonNode c : treeKdf.get("kdf_tests")) {
      cases.add(Arguments.of("tree_kdf.json case " + i++, c.get("seed").asText(), c.get("master_SK").bigIntegerValue(),
          c.get("child_index").asLong(), c.get("child_SK").bigIntegerValue()));
    }
    return cases.stream();
  }

  static Stream<Arguments> intermediateVectors() throws IOException {
    JsonNode eip = JSON.readTree(Vectors.path("eip2333-2334-2335-keys/eip2333_test_vectors.json").toFile());
    JsonNode eipIntermediate = eip.get("intermediate_values");
    JsonNode depositCli = JSON.readTree(Vectors.path(
        "deposit-data/staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/tree_kdf_intermediate.json").toFile());
    return Stream.of(
        Arguments.of("eip2333_test_vectors.json intermediate values", eipIntermediate),
        Arguments.of("tree_kdf_intermediate.json", depositCli));
  }

  private static List<String> hexes(byte[][] chunks) {
    List<String> out = new ArrayList<>();
    for (byte[] chunk : chunks) {
      out.add(Hex.encodeBare(chunk));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(stripped(n.asText())));
    return out;
  }

  private static String stripped(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}
