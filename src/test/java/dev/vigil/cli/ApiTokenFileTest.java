package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Files.writeString(file, "operator-chosen\n");
    assertThat(ApiTokenFile.loadOrCreate(file, new SecureRandom())).isEqualTo("operator-chosen");
  }
}
