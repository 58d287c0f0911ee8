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
import java.util.Optional;
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

  /**
   * Every pooled connection is killed by the server (a restart, a failover): the store answers 503
   * at most while the pool notices, and accepts again by itself, with nothing of a failed request kept.
   */
  @Test
  void postgresqlRecoversAfterTheServerDropsItsConnections() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema()) {
      String application = "vigil-failclosed-" + System.nanoTime();
      try (SlashingProtection store =
              SlashingProtectionStores.open(schema.url() + "&ApplicationName=" + application, dir, PruningPolicy.OFF);
          Connection admin = DriverManager.getConnection(schema.url())) {
        assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
        try (var kill = admin.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
          kill.setString(1, application);
          try (var rs = kill.executeQuery()) {
            assertThat(rs.next()).as("the store's connections were found").isTrue();
          }
        }
        java.util.List<Long> failed = new java.util.ArrayList<>();
        for (long slot = 2; slot < 40; slot++) {
          try {
            assertThat(store.checkAndRecordBlock(key(1), slot, root(1), GVR).accepted()).isTrue();
          } catch (ProtectionUnavailableException e) {
            failed.add(slot);
          }
        }
        // The first dead connection evicts the others: one request fails, not one per pooled connection.
        assertThat(failed).as("slots refused on dead connections").hasSizeLessThanOrEqualTo(1);
        for (long slot : failed) {
          // Nothing recorded for the failed request: its slot still takes another root, once.
          assertThat(store.checkAndRecordBlock(key(1), slot, root(2), GVR).accepted()).isTrue();
          assertThat(store.checkAndRecordBlock(key(1), slot, root(3), GVR).accepted()).isFalse();
        }
        assertThat(store.isReachable()).isTrue();
      }
    }
  }

  /**
   * A full disk, by SQLite's own limit on the database size ({@code max_page_count} fails an insert
   * with SQLITE_FULL exactly as a full file system does, and SQLite rolls the transaction back
   * itself). Once space is "freed", the store must accept again without a restart, and the
   * decisions of the failed batch must be recorded in full or not at all (here: not at all).
   */
  @Test
  void sqliteRecoversOnceTheDiskHasSpaceAgain() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME);
    SmallDisk disk = new SmallDisk();
    try (SlashingProtection store = SqliteSlashingProtection.open(url, PruningPolicy.OFF, Optional.empty(), disk::connect)) {
      assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
      disk.fill();
      long slot = 2;
      Throwable full = null;
      for (; full == null && slot < 100_000; slot++) {
        try {
          store.checkAndRecordBlock(key(1), slot, root(1), GVR);
        } catch (ProtectionUnavailableException e) {
          full = e;
        }
      }
      assertThat(full).hasMessageContaining("full");
      long failedSlot = slot - 1;
      assertThat(store.isReachable()).isTrue(); // reading still works on a full disk

      disk.free();
      assertThat(store.checkAndRecordBlock(key(1), slot, root(1), GVR).accepted()).isTrue();
      assertThat(store.checkAndRecordAttestation(key(1), 1, 2, root(1), GVR).accepted()).isTrue();
      // The failed decision left nothing behind: its slot still takes another root, once.
      assertThat(store.checkAndRecordBlock(key(1), failedSlot, root(2), GVR).accepted()).isTrue();
      assertThat(store.checkAndRecordBlock(key(1), failedSlot, root(3), GVR).accepted()).isFalse();
    }
    assertThat(disk.opened).as("connections opened").hasSizeGreaterThan(1);
  }

  /** Connections whose database may not grow while the disk is "full". */
  private static final class SmallDisk {
    private static final long UNLIMITED = 1_073_741_823;
    private final java.util.List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean full;

    Connection connect(String url) throws SQLException {
      Connection c = SqliteSlashingProtection.connect(url);
      opened.add(c);
      if (full) {
        limit(c, pageCount(c));
      }
      return c;
    }

    void fill() throws SQLException {
      full = true;
      for (Connection c : open()) {
        limit(c, pageCount(c));
      }
    }

    void free() throws SQLException {
      full = false;
      for (Connection c : open()) {
        limit(c, UNLIMITED);
      }
    }

    private java.util.List<Connection> open() throws SQLException {
      java.util.List<Connection> open = new java.util.ArrayList<>();
      for (Connection c : opened) {
        if (!c.isClosed()) {
          open.add(c);
        }
      }
      return open;
    }

    private static long pageCount(Connection c) throws SQLException {
      try (Statement statement = c.createStatement(); var rs = statement.executeQuery("PRAGMA page_count")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private static void limit(Connection c, long pages) throws SQLException {
      try (Statement statement = c.createStatement()) {
        statement.execute("PRAGMA max_page_count = " + pages);
      }
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
