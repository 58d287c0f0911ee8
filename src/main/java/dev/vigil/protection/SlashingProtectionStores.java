package dev.vigil.protection;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opens the slashing-protection store a deployment asks for, migrating its schema first. */
public final class SlashingProtectionStores {
  /** The SQLite file inside the data dir. */
  public static final String SQLITE_FILE_NAME = "slashing-protection.sqlite";

  private static final int POSTGRES_POOL_SIZE = 16;

  private SlashingProtectionStores() {}

  /**
   * SQLite at {@code <dataDir>/slashing-protection.sqlite} when {@code jdbcUrlOrNull} is null, the
   * given SQLite file for a {@code jdbc:sqlite:} URL, PostgreSQL for {@code jdbc:postgresql://…}
   * (user and password may be in the URL). Prunes once at open when {@code pruning} is enabled.
   * A SQLite file is held by one store at a time, across processes (IllegalStateException else).
   */
  public static SlashingProtection open(String jdbcUrlOrNull, Path dataDir, PruningPolicy pruning) {
    return open(jdbcUrlOrNull, dataDir, pruning, Optional.empty());
  }

  /**
   * As {@link #open(String, Path, PruningPolicy)}, but with {@code refuseNew} present a database
   * that does not exist yet (no SQLite file, or a PostgreSQL schema without any migration applied)
   * is not created: IllegalStateException with that text instead.
   */
  public static SlashingProtection open(
      String jdbcUrlOrNull, Path dataDir, PruningPolicy pruning, Optional<String> refuseNew) {
    SlashingProtection store;
    try {
      if (jdbcUrlOrNull == null || jdbcUrlOrNull.startsWith("jdbc:sqlite:")) {
        String url = jdbcUrlOrNull;
        if (url == null) {
          Files.createDirectories(dataDir);
          url = "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE_NAME);
        }
        store = SqliteSlashingProtection.open(url, pruning, refuseNew);
      } else if (jdbcUrlOrNull.startsWith("jdbc:postgresql:")) {
        HikariDataSource pool = PostgresSlashingProtection.pool(jdbcUrlOrNull, POSTGRES_POOL_SIZE);
        try {
          Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db/postgresql").load();
          requireExisting(flyway, refuseNew);
          flyway.migrate();
          store = new PostgresSlashingProtection(pool, pruning);
        } catch (RuntimeException | SQLException e) {
          pool.close();
          throw e;
        }
      } else {
        throw new IllegalArgumentException(
            "slashing-protection-db-url: expected jdbc:sqlite:… or jdbc:postgresql://…, got " + jdbcUrlOrNull);
      }
    } catch (SQLException | FlywayException e) {
      throw new ProtectionUnavailableException("cannot open the slashing protection database: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the slashing protection store: " + e, e);
    }
    if (pruning.enabled()) {
      store.prune();
    }
    return store;
  }

  /** Refuses (with {@code refuseNew}) a database on which no migration was ever applied. */
  static void requireExisting(Flyway flyway, Optional<String> refuseNew) {
    if (refuseNew.isPresent() && flyway.info().applied().length == 0) {
      throw new IllegalStateException(refuseNew.get());
    }
  }
}
