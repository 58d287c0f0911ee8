package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BIP-39 vectors of staking-deposit-cli and ethstaker-deposit-cli (passphrase "TREZOR"). */
class Bip39Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSPHRASE = "TREZOR";

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void seedOfEveryLanguage(String name, String language, String entropy, String mnemonic, String seed) {
    assertThat(Hex.encodeBare(Bip39.seed(mnemonic, PASSPHRASE))).isEqualTo(seed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("english")
  void englishMnemonicAndEntropy(String name, String language, String entropy, String mnemonic, String seed) {
    assertThat(Bip39.englishMnemonic(Hex.decode(entropy))).isEqualTo(mnemonic);
    assertThat(Hex.encodeBare(Bip39.englishEntropy(mnemonic))).isEqualTo(entropy);
  }

  @Test
  void refusesBadEnglishMnemonics() {
    String valid = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    assertThat(Bip39.englishEntropy(valid)).hasSize(16);
    assertThatThrownBy(() -> Bip39.englishEntropy(valid.replace("about", "abandon")))
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> Bip39.englishEntropy(valid.replace("about", "aboot")))
        .hasMessageContaining("word 12");
    assertThatThrownBy(() -> Bip39.englishEntropy("abandon abandon about"))
        .hasMessageContaining("12, 15, 18, 21 or 24 words");
    assertThatThrownBy(() -> Bip39.englishMnemonic(new byte[15])).hasMessageContaining("entropy");
  }

  static Stream<Arguments> vectors() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String tool : List.of("staking-deposit-cli", "ethstaker-deposit-cli")) {
      JsonNode file = JSON.readTree(Vectors.path("deposit-data/" + tool
          + "/tests/test_key_handling/test_key_derivation/test_vectors/mnemonic.json").toFile());
      for (Map.Entry<String, JsonNode> language : file.properties()) {
        int i = 0;
        for (JsonNode v : language.getValue()) {
          cases.add(Arguments.of(tool + " " + language.getKey() + " #" + i++, language.getKey(),
              v.get(0).asText(), v.get(1).asText(), v.get(2).asText()));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> english() throws IOException {
    return vectors().filter(a -> a.get()[1].equals("english"));
  }
}
