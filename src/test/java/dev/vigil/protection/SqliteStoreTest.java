package dev.vigil.protection;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
  @TempDir Path temp;
  private Path dataDir;

  @Override
  SlashingProtection openEmpty() throws Exception {
    dataDir = Files.createTempDirectory(temp, "data");
    return TestStores.sqlite(dataDir);
  }

  @Override
  SlashingProtection reopen(PruningPolicy pruning) {
    return SlashingProtectionStores.open(null, dataDir, pruning);
  }
}
