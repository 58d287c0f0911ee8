package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Keymanager API token file: created private, read as written, refused when weak or writable by others. */
class ApiTokenFileTest {
  @TempDir Path dir;

  @Test
  void absentTokenFileIsCreatedPrivateAndThenReused() throws Exception {
    Path file = dir.resolve("data/api-token.txt");
    String token = ApiTokenFile.loadOrCreate(file, new SecureRandom());

    assertThat(token).hasSize(64).matches("[0-9a-f]+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ApiTokenFile.loadOrCreate(file, new SecureRandom())).isEqualTo(token);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void existingTokenIsReadWithItsNewlineStripped() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "operator-chosen-token\n");
    assertThat(ApiTokenFile.loadOrCreate(file, new SecureRandom())).isEqualTo("operator-chosen-token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "fifteen-chars-x"})
  void tokenShorterThanSixteenCharactersIsRefused(String token) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), token + "\n");
    assertThatThrownBy(() -> ApiTokenFile.loadOrCreate(file, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--key-manager-api-token-file", token.length() + " character(s)", "at least 16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw--w----", "rw-----w-", "rw-rw-rw-"})
  void tokenFileOthersMayWriteIsRefused(String mode) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "a-long-enough-operator-token\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    assertThatThrownBy(() -> ApiTokenFile.loadOrCreate(file, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--key-manager-api-token-file", mode, "writable by group or others", "chmod 600");
  }

  @Test
  void tokenFileOthersMayReadIsUsedWithAWarning() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "a-long-enough-operator-token\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (LogCapture log = LogCapture.capture()) {
      assertThat(ApiTokenFile.loadOrCreate(file, new SecureRandom())).isEqualTo("a-long-enough-operator-token");
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("rw-r--r--") && line.contains("chmod 600"));
    }
  }

  @Test
  void serveRefusesAWeakTokenFileAtStart() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("api-token.txt"), "1\n");
    assertThatThrownBy(() -> SignerFixture.start(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--key-manager-api-token-file", "at least 16");
  }
}
