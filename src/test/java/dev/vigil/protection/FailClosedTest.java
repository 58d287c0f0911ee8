package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the store cannot record, the caller gets ProtectionUnavailableException, nothing is
 * recorded (not even in memory), and the store works again once the database does.
 */
class FailClosedTest {
  @TempDir Path dir;

  @Test
  void sqlite() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      String url = "jdbc:sqlite:" + dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME);
      failAndRecover(store, () -> DriverManager.getConnection(url));
    }
  }

  @Test
  void postgresql() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = schema.open()) {
      failAndRecover(store, () -> DriverManager.getConnection(schema.url()));
    }
  }

  private interface Connector {
    Connection connect() throws SQLException;
  }

  private static void failAndRecover(SlashingProtection store, Connector other) throws Exception {
    assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
    try (Connection c = other.connect(); Statement statement = c.createStatement()) {
      statement.execute("ALTER TABLE signed_blocks RENAME TO signed_blocks_away");
      assertThatThrownBy(() -> store.checkAndRecordBlock(key(1), 2, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class)
          .hasMessageContaining("nothing recorded");
      assertThatThrownBy(() -> store.checkAndRecordBlockAsync(key(1), 2, root(1), GVR).join())
          .hasCauseInstanceOf(ProtectionUnavailableException.class);
      statement.execute("ALTER TABLE signed_blocks_away RENAME TO signed_blocks");
    }
    // Slot 2 was not recorded, in the database or in any cache: another root is still allowed.
    assertThat(store.checkAndRecordBlock(key(1), 2, root(2), GVR).accepted()).isTrue();
    assertThat(store.checkAndRecordBlock(key(1), 2, root(1), GVR).accepted()).isFalse();
  }
}
