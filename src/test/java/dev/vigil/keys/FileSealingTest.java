package dev.vigil.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSealingTest {
  @TempDir Path dataDir;

  @Test
  void createsARandom32ByteKeyFileReadableByTheOwnerOnly() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    Path keyFile = dataDir.resolve("sealing.key");
    assertThat(Files.readAllBytes(keyFile)).hasSize(32).isNotEqualTo(new byte[32]);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void eachDataDirGetsItsOwnKey(@TempDir Path otherDataDir) throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    SealedKeyStore.open(otherDataDir, new FileSealing());
    assertThat(Files.readAllBytes(dataDir.resolve("sealing.key")))
        .isNotEqualTo(Files.readAllBytes(otherDataDir.resolve("sealing.key")));
  }

  @Test
  void anExistingKeyFileIsKeptWhenTheDataDirIsInitialised() throws IOException {
    byte[] existing = new byte[32];
    existing[0] = 42;
    Files.write(dataDir.resolve("sealing.key"), existing);
    SealedKeyStore.open(dataDir, new FileSealing());
    assertThat(Files.readAllBytes(dataDir.resolve("sealing.key"))).isEqualTo(existing);
  }

  @Test
  void theSealingRecordHoldsNoKey() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    String key = Hex.encodeBare(Files.readAllBytes(dataDir.resolve("sealing.key")));
    String record = Files.readString(dataDir.resolve("sealing.json"));
    assertThat(record).contains("\"provider\" : \"file\"").doesNotContain(key);
  }

  @Test
  void warnsThatItProtectsNothingAgainstRoot() {
    assertThat(new FileSealing().warning()).hasValueSatisfying(warning -> assertThat(warning).contains("root"));
  }

  @Test
  void aMissingKeyFileIsRefusedClearly() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    Files.delete(dataDir.resolve("sealing.key"));
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new FileSealing()))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.UNAVAILABLE))
        .hasMessageContaining("sealing.key is missing");
    assertThat(dataDir.resolve("sealing.key")).doesNotExist();
  }

  @Test
  void aReplacedKeyFileIsRefusedAsTheWrongKey() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    Files.write(dataDir.resolve("sealing.key"), new byte[32]);
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new FileSealing()))
        .isInstanceOfSatisfying(SealingException.class,
            e -> assertThat(e.reason()).isEqualTo(SealingException.Reason.WRONG_KEY))
        .hasMessageContaining("sealing.key is not the key these keys were sealed with");
  }

  @Test
  void aKeyFileOfAnotherSizeIsRefused() throws IOException {
    SealedKeyStore.open(dataDir, new FileSealing());
    Files.write(dataDir.resolve("sealing.key"), new byte[31]);
    assertThatThrownBy(() -> SealedKeyStore.open(dataDir, new FileSealing()))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("must hold 32 bytes, it holds 31");
  }
}
