package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --output: a file or an existing directory; all files written or none; nothing overwritten. */
class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void aDirectoryGetsTheConventionalName() {
    assertThat(OutputFiles.resolve(dir, "deposit_data-1.json")).isEqualTo(dir.resolve("deposit_data-1.json"));
    assertThat(OutputFiles.resolve(dir.resolve("mine.json"), "deposit_data-1.json")).isEqualTo(dir.resolve("mine.json"));
    assertThat(OutputFiles.resolve(null, "deposit_data-1.json")).isEqualTo(Path.of("deposit_data-1.json"));
  }

  @Test
  void allOrNothingAndNoOverwrite() throws Exception {
    Files.writeString(dir.resolve("b.json"), "old");
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(dir.resolve("a.json"), "a");
    files.put(dir.resolve("b.json"), "b");
    assertThatThrownBy(() -> OutputFiles.writeAll(files)).hasMessageContaining("b.json already exists");
    assertThat(OperatorCli.files(dir)).containsExactly(dir.resolve("b.json"));
    assertThat(Files.readString(dir.resolve("b.json"))).isEqualTo("old");

    OutputFiles.write(dir.resolve("c.json"), "c");
    assertThat(OperatorCli.files(dir)).containsExactly(dir.resolve("b.json"), dir.resolve("c.json"));
    assertThat(Files.readString(dir.resolve("c.json"))).isEqualTo("c");
    assertThatThrownBy(() -> OutputFiles.write(dir.resolve("missing/d.json"), "d")).hasMessageContaining("does not exist");
  }
}
