package dev.vigil.protection;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Opens stores for tests: SQLite in a temporary dir, PostgreSQL in a fresh schema of its own. */
final class TestStores {
  static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private TestStores() {}

  static SlashingProtection sqlite(Path dir) {
    return SlashingProtectionStores.open(null, dir, PruningPolicy.OFF);
  }

  static String postgresServerUrl() {
    String url = System.getenv("VIGIL_TEST_POSTGRES_URL");
    return url == null || url.isBlank() ? DEFAULT_POSTGRES_URL : url;
  }

  /** A schema created for one test and dropped afterwards, standing in for a fresh database. */
  static final class PostgresSchema implements AutoCloseable {
    private final String serverUrl = postgresServerUrl();
    private final String schema = "vigil_test_" + UUID.randomUUID().toString().replace("-", "");

    PostgresSchema() {
      try (Connection c = DriverManager.getConnection(serverUrl);
          Statement statement = c.createStatement()) {
        statement.execute("CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail("PostgreSQL at " + serverUrl + " does not answer (CI=true): " + e.getMessage(), e);
        }
        Assumptions.abort("PostgreSQL at " + serverUrl + " does not answer: " + e.getMessage());
      }
    }

    String url() {
      return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    SlashingProtection open(PruningPolicy pruning) {
      return SlashingProtectionStores.open(url(), Path.of("unused"), pruning);
    }

    SlashingProtection open() {
      return open(PruningPolicy.OFF);
    }

    @Override
    public void close() throws SQLException {
      try (Connection c = DriverManager.getConnection(serverUrl);
          Statement statement = c.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
