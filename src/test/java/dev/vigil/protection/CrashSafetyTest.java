package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protection.Refusal.Reason;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM records under load and is killed with SIGKILL; after reopening, every decision it
 * reported as accepted is in the store (its conflicting twin is refused, its identical repeat
 * allowed), the database is intact, and the rules still hold.
 */
class CrashSafetyTest {
  private static final int REPORTS_BEFORE_KILL = 2000;

  @TempDir Path dataDir;

  @Test
  void everyReportedAcceptanceSurvivesSigkill() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> reported = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while (reported.size() < REPORTS_BEFORE_KILL && (line = lines.readLine()) != null) {
        reported.add(line);
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
      child.waitFor();
    }
    assertThat(reported).hasSize(REPORTS_BEFORE_KILL);

    try (Connection c = SqliteSlashingProtection.connect("jdbc:sqlite:" + dataDir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME));
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
    try (SlashingProtection store = TestStores.sqlite(dataDir)) {
      for (String line : reported) {
        String[] f = line.split(" ");
        int k = Integer.parseInt(f[1]);
        long n = Long.parseLong(f[2]);
        if (f[0].equals("B")) {
          assertThat(reasonOf(store.checkAndRecordBlock(key(k), n, root(-1), GVR))).as(line).isEqualTo(Reason.DOUBLE_PROPOSAL);
          assertThat(store.checkAndRecordBlock(key(k), n, root((int) n), GVR).accepted()).as(line).isTrue();
        } else {
          assertThat(reasonOf(store.checkAndRecordAttestation(key(k), n - 1, n, root(-1), GVR)))
              .as(line).isEqualTo(Reason.DOUBLE_VOTE);
          assertThat(store.checkAndRecordAttestation(key(k), n - 1, n, root((int) n), GVR).accepted()).as(line).isTrue();
        }
      }
      // The rules hold on the reopened store: a vote surrounding recorded history is refused.
      assertThat(reasonOf(store.checkAndRecordAttestation(key(0), 0, Long.MAX_VALUE, root(1), GVR)))
          .isEqualTo(Reason.SURROUNDS_PREVIOUS);
    }
  }

  private static Reason reasonOf(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Refused.class);
    return ((Decision.Refused) decision).refusal().reason();
  }
}
