package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
  @TempDir Path dataDir;

  @Test
  @SuppressWarnings("try") // the lock is held by being open
  void secondHolderInTheSameProcessIsRefusedUntilReleased() {
    try (DataDirLock first = DataDirLock.acquire(dataDir)) {
      assertThatThrownBy(() -> DataDirLock.acquire(dataDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("data dir " + dataDir + " is in use by another Vigil process");
    }
    DataDirLock.acquire(dataDir).close();
  }

  @Test
  void anotherProcessHoldingTheLockRefusesUsAndItsSigkillReleasesIt() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            DataDirLockHolder.class.getName(), dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> DataDirLock.acquire(dataDir))
          .hasMessage("data dir " + dataDir + " is in use by another Vigil process");
    } finally {
      holder.destroyForcibly(); // SIGKILL: the lock file stays behind, the lock does not
      holder.waitFor();
    }
    assertThat(dataDir.resolve(DataDirLock.FILE_NAME)).exists();
    DataDirLock.acquire(dataDir).close();
  }
}
