package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PasswordFilesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lf | secret\\n | secret",
        "crlf | secret\\r\\n | secret",
        "none | secret | secret",
        "only one stripped | secret\\n\\n | secret\\n",
        "spaces kept | ' secret ' | ' secret '",
      })
  void oneTrailingNewlineIsStripped(String name, String content, String expected) throws Exception {
    Path file = dir.resolve("password.txt");
    Files.writeString(file, content.translateEscapes());
    assertThat(PasswordFiles.read(file)).isEqualTo(expected.translateEscapes());
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> PasswordFiles.read(dir.resolve("absent.txt")))
        .hasMessageContaining("absent.txt");
  }
}
