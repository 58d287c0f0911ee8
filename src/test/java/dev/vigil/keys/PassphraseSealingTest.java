package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PassphraseSealingTest {
  /** A low scrypt cost keeps the tests fast; the default cost has a test of its own. */
  private static final int TEST_N = 1 << 10;

  @TempDir Path dir;

  @Test
  void keysRoundTripUnderThePassphrase() throws IOException {
    Path passphrase = passphraseFile("correct horse battery staple");
    BLSPubkey pubkey = new BLSPubkey(new byte[48]);
    byte[] secret = new byte[32];
    secret[31] = 1;
    SealedKeyStore.open(dataDir(), new PassphraseSealing(passphrase, TEST_N)).put(pubkey, secret);

    try (LoadResult loaded = SealedKeyStore.open(dataDir(), new PassphraseSealing(passphrase, TEST_N)).loadAll()) {
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.keys()).singleElement().satisfies(key -> {
        assertThat(key.pubkey()).isEqualTo(pubkey);
        assertThat(key.secret()).isEqualTo(secret);
      });
    }
  }

  @Test
  void aWrongPassphraseIsRefusedOnceAtOpenWithAClearMessage() throws IOException {
    SealedKeyStore store = SealedKeyStore.open(dataDir(), new PassphraseSealing(passphraseFile("right"), TEST_N));
    store.put(new BLSPubkey(new byte[48]), new byte[32]);
    Path wrong = Files.writeString(dir.resolve("wrong.txt"), "wrong");

    assertThatThrownBy(() -> SealedKeyStore.open(dataDir(), new PassphraseSealing(wrong, TEST_N)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.WRONG_KEY))
        .hasMessageContaining("wrong passphrase")
        .hasMessageContaining(wrong.toString());
  }

  static Stream<Arguments> passphraseFileContents() {
    return Stream.of(
        Arguments.of("without newline", "secret", true),
        Arguments.of("one LF stripped", "secret\n", true),
        Arguments.of("one CRLF stripped", "secret\r\n", true),
        Arguments.of("second LF kept", "secret\n\n", false),
        Arguments.of("lone CR kept", "secret\r", false),
        Arguments.of("trailing space kept", "secret ", false),
        Arguments.of("leading space kept", " secret", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passphraseFileContents")
  void onlyOneTrailingNewlineIsStrippedFromThePassphraseFile(String name, String content, boolean opens)
      throws IOException {
    SealedKeyStore.open(dataDir(), new PassphraseSealing(passphraseFile("secret"), TEST_N));
    Path file = Files.writeString(dir.resolve("other.txt"), content);
    if (opens) {
      SealedKeyStore.open(dataDir(), new PassphraseSealing(file, TEST_N));
    } else {
      assertThatThrownBy(() -> SealedKeyStore.open(dataDir(), new PassphraseSealing(file, TEST_N)))
          .isInstanceOfSatisfying(SealingException.class,
              e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.WRONG_KEY));
    }
  }

  @Test
  void anEmptyPassphraseIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path empty = passphraseFile("\n");
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir(), new PassphraseSealing(empty, TEST_N)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.UNAVAILABLE))
        .hasMessageContaining("is empty");
    assertThat(dataDir().resolve("sealing.json")).doesNotExist();
  }

  @Test
  void aMissingPassphraseFileIsRefusedNamingTheFlag() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir(), new PassphraseSealing(missing, TEST_N)))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.UNAVAILABLE))
        .hasMessageContaining("--sealing-passphrase-file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void theScryptParametersAndARandomSaltAreStoredButNeitherPassphraseNorKey(@TempDir Path otherDataDir)
      throws IOException {
    Path passphrase = passphraseFile("stored-nowhere");
    SealedKeyStore.open(dataDir(), new PassphraseSealing(passphrase, TEST_N));
    SealedKeyStore.open(otherDataDir, new PassphraseSealing(passphrase, TEST_N));

    JsonNode kdf = sealingRecord(dataDir()).get("kdf");
    assertThat(kdf.get("function").asText()).isEqualTo("scrypt");
    assertThat(kdf.get("n").asInt()).isEqualTo(TEST_N);
    assertThat(kdf.get("r").asInt()).isEqualTo(8);
    assertThat(kdf.get("p").asInt()).isEqualTo(1);
    assertThat(kdf.get("salt").asText()).hasSize(66)
        .isNotEqualTo(sealingRecord(otherDataDir).get("kdf").get("salt").asText());
    assertThat(Files.readString(dataDir().resolve("sealing.json"))).doesNotContain("stored-nowhere");
  }

  @Test
  void anExistingDataDirKeepsTheScryptCostItWasSealedWith() throws IOException {
    Path passphrase = passphraseFile("cost");
    SealedKeyStore.open(dataDir(), new PassphraseSealing(passphrase, TEST_N)).put(new BLSPubkey(new byte[48]), new byte[32]);
    try (LoadResult loaded = SealedKeyStore.open(dataDir(), new PassphraseSealing(passphrase, 1 << 11)).loadAll()) {
      assertThat(loaded.keys()).hasSize(1);
    }
  }

  @Test
  void newDataDirsUseScryptCost2To17ByDefault() throws IOException {
    SealedKeyStore.open(dataDir(), new PassphraseSealing(passphraseFile("default cost")));
    assertThat(sealingRecord(dataDir()).get("kdf").get("n").asInt()).isEqualTo(1 << 17);
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  private Path passphraseFile(String content) throws IOException {
    return Files.writeString(dir.resolve("passphrase.txt"), content);
  }

  private static JsonNode sealingRecord(Path dataDir) throws IOException {
    return new ObjectMapper().readTree(dataDir.resolve("sealing.json").toFile());
  }
}
