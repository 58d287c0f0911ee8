package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database deleted or replaced under a running store (a SQLite file, a PostgreSQL schema): the records committed since would be
 * gone after a restart, so the store refuses everything from then on and says why.
 */
class DatabaseFilesTest {
  @TempDir Path dir;

  private Path database() {
    return dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME);
  }

  @Test
  void aDeletedDatabaseStopsTheStoreForGood() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
      byte[] saved = Files.readAllBytes(database());
      Files.delete(database());

      assertThatThrownBy(() -> store.checkAndRecordBlock(key(1), 2, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class)
          .hasMessageContaining(database() + " was deleted");
      assertThat(store.fault()).hasValueSatisfying(reason -> assertThat(reason).contains("was deleted"));
      assertThat(store.isReachable()).isFalse();
      assertThatThrownBy(() -> store.exportInterchange(new ByteArrayOutputStream(), Set.of()))
          .isInstanceOf(ProtectionUnavailableException.class);
      assertThat(database()).as("no new, empty database in its place").doesNotExist();

      // Restoring a file does not bring the store back: it is a new file, and the connection is not its.
      Files.write(database(), saved);
      assertThatThrownBy(() -> store.checkAndRecordBlock(key(1), 3, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class);
      assertThatThrownBy(() -> store.importInterchange(new ByteArrayInputStream(Requests.interchange(GVR, "[]"))))
          .isInstanceOf(ProtectionUnavailableException.class);
    }
  }

  @Test
  void aDatabaseReplacedByACopyStopsTheStore() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      assertThat(store.checkAndRecordAttestation(key(1), 1, 2, root(1), GVR).accepted()).isTrue();
      Path copy = dir.resolve("copy.sqlite");
      Files.copy(database(), copy);
      Files.move(copy, database(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      assertThatThrownBy(() -> store.checkAndRecordAttestation(key(1), 2, 3, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class)
          .hasMessageContaining("was replaced by another file");
    }
  }

  @Test
  void aDeletedWalStopsTheStore() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
      Files.delete(dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME + "-wal"));

      assertThatThrownBy(() -> store.checkAndRecordBlock(key(1), 2, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class)
          .hasMessageContaining("-wal was deleted");
    }
  }

  @Test
  void exportsAndManyCommitsLeaveTheFilesAlone() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      for (int slot = 1; slot <= 600; slot++) {
        assertThat(store.checkAndRecordBlock(key(slot % 7), slot, root(1), GVR).accepted()).isTrue();
        if (slot % 200 == 0) {
          store.exportInterchange(new ByteArrayOutputStream(), Set.of());
        }
      }
      assertThat(store.fault()).isEmpty();
      assertThat(store.isReachable()).isTrue();
    }
  }

  @Test
  void aPostgresqlSchemaReplacedUnderTheStoreStopsIt() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = schema.open()) {
      assertThat(store.checkAndRecordBlock(key(1), 1, root(1), GVR).accepted()).isTrue();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(schema.url());
          java.sql.Statement statement = c.createStatement()) {
        statement.execute("DROP TABLE signed_attestations, signed_blocks, validators, metadata, store_identity,"
            + " flyway_schema_history");
      }
      schema.open().close(); // another signer creates the schema anew, empty

      assertThatThrownBy(() -> store.checkAndRecordBlock(key(2), 1, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class)
          .hasMessageContaining("was replaced while the signer was running");
      assertThat(store.fault()).hasValueSatisfying(reason -> assertThat(reason).contains("replaced"));
      assertThatThrownBy(() -> store.checkAndRecordAttestation(key(3), 1, 2, root(1), GVR))
          .isInstanceOf(ProtectionUnavailableException.class);
    }
  }
}
