package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signer on a shared PostgreSQL store, and failing closed: while the database cannot be
 * reached nothing slashable is signed (503), and signing resumes when it comes back.
 */
class ServePostgresTest {
  private static final String ADMIN_URL =
      System.getenv().getOrDefault("VIGIL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  @TempDir Path dir;
  private final String role = "vigil_serve_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static void admin(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The test role's URL: the admin URL with its own user and schema. */
  private String roleUrl() {
    String base = ADMIN_URL.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
    return base + (base.contains("?") ? "&" : "?") + "user=" + role + "&currentSchema=" + role;
  }

  @BeforeEach
  void createRoleAndSchema() throws Exception {
    admin("CREATE ROLE " + role + " LOGIN");
    admin("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
  }

  @AfterEach
  void dropRoleAndSchema() throws Exception {
    admin("ALTER ROLE " + role + " LOGIN");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
    admin("DROP SCHEMA " + role + " CASCADE");
    admin("DROP ROLE " + role);
  }

  /** The status once the store has had a few chances to replace connections that died in the outage. */
  private static int eventualStatus(SignerFixture signer, String path, String body) throws Exception {
    int status = 0;
    for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
      status = signer.postJson(path, body, null).statusCode();
      if (status != 200) {
        Thread.sleep(200);
      }
    }
    return status;
  }

  @Test
  void storeOutageRefusesSlashableSigningWith503AndRecovers() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    String path = "/api/v1/eth2/sign/" + keys.get(0).toHexString();
    try (SignerFixture signer = SignerFixture.start(dir, "--slashing-protection-db-url", roleUrl(), "--allow-empty-slashing-protection")) {
      assertThat(signer.postJson(path, Requests.attestation(1, 2, Requests.root(1)), null).statusCode()).isEqualTo(200);

      admin("ALTER ROLE " + role + " NOLOGIN");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");

      assertThat(signer.postJson(path, Requests.attestation(2, 3, Requests.root(1)), null).statusCode()).isEqualTo(503);
      assertThat(signer.postJson(path, Requests.blockV2(40, Requests.root(1)), null).statusCode()).isEqualTo(503);
      assertThat(signer.postJson(path, Requests.randaoReveal(1, Requests.GVR), null).statusCode())
          .as("not slashable: signed without the store").isEqualTo(200);
      assertThat(signer.get("/healthcheck").statusCode()).isEqualTo(503);

      admin("ALTER ROLE " + role + " LOGIN");
      assertThat(eventualStatus(signer, path, Requests.attestation(2, 3, Requests.root(1))))
          .as("signing resumes once the database is back").isEqualTo(200);
      assertThat(signer.postJson(path, Requests.attestation(2, 3, Requests.root(2)), null).statusCode())
          .as("what was recorded before the outage still counts").isEqualTo(412);
      assertThat(signer.get("/healthcheck").statusCode()).isEqualTo(200);
    }
  }
}
