package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlashingProtectionStoresTest {
  @TempDir Path dir;

  @Test
  void defaultIsASqliteFileInTheDataDir() {
    Path dataDir = dir.resolve("data");
    try (SlashingProtection store = SlashingProtectionStores.open(null, dataDir, PruningPolicy.OFF)) {
      assertThat(store.isReachable()).isTrue();
    }
    assertThat(dataDir.resolve("slashing-protection.sqlite")).isRegularFile();
  }

  @Test
  void sqliteUrlNamesTheFile() {
    Path file = dir.resolve("elsewhere.sqlite");
    try (SlashingProtection store = SlashingProtectionStores.open("jdbc:sqlite:" + file, dir, PruningPolicy.OFF)) {
      assertThat(store.isReachable()).isTrue();
    }
    assertThat(file).isRegularFile();
    assertThat(dir.resolve("slashing-protection.sqlite")).doesNotExist();
  }

  @Test
  void aSqliteFileServesOneStoreAtATime() {
    Path dataDir = dir.resolve("data");
    try (SlashingProtection first = SlashingProtectionStores.open(null, dataDir, PruningPolicy.OFF)) {
      assertThatThrownBy(() -> SlashingProtectionStores.open(null, dataDir, PruningPolicy.OFF))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by another Vigil process or store");
      assertThat(first.isReachable()).isTrue();
    }
    SlashingProtectionStores.open(null, dataDir, PruningPolicy.OFF).close();
  }

  @Test
  void inMemorySqliteIsRefused() {
    assertThatThrownBy(() -> SlashingProtectionStores.open("jdbc:sqlite::memory:", dir, PruningPolicy.OFF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slashing-protection-db-url:");
  }

  @Test
  void unknownUrlIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> SlashingProtectionStores.open("jdbc:mysql://x/y", dir, PruningPolicy.OFF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slashing-protection-db-url:");
  }

  @Test
  void unreachablePostgresqlIsUnavailable() {
    assertThatThrownBy(() -> SlashingProtectionStores.open(
            "jdbc:postgresql://127.0.0.1:1/none?user=nobody&connectTimeout=2", dir, PruningPolicy.OFF))
        .isInstanceOf(ProtectionUnavailableException.class)
        .hasMessageContaining("cannot open the slashing protection database");
  }

  @Test
  void pruningPolicyRefusesNegativeValuesNamingTheField() {
    assertThatThrownBy(() -> new PruningPolicy(-1, 0)).hasMessageStartingWith("slotsToKeep");
    assertThatThrownBy(() -> new PruningPolicy(0, -1)).hasMessageStartingWith("epochsToKeep");
  }

  @Test
  void aNewSqliteFileIsNotCreatedWhenRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> SlashingProtectionStores.open(null, dir, PruningPolicy.OFF, java.util.Optional.of("no history")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no history");
    assertThat(dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME)).doesNotExist();
    SlashingProtectionStores.open(null, dir, PruningPolicy.OFF).close();
    SlashingProtectionStores.open(null, dir, PruningPolicy.OFF, java.util.Optional.of("no history")).close();
  }

  @Test
  void anEmptyPostgresqlSchemaIsNotMigratedWhenRefused() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema()) {
      assertThatThrownBy(() -> SlashingProtectionStores.open(
              schema.url(), Path.of("unused"), PruningPolicy.OFF, java.util.Optional.of("no history")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no history");
      schema.open().close();
      SlashingProtectionStores.open(schema.url(), Path.of("unused"), PruningPolicy.OFF, java.util.Optional.of("no history"))
          .close();
    }
  }
}
