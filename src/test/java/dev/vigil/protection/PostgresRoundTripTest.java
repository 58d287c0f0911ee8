package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Check-and-record on PostgreSQL costs at most two network round trips once the validator is
 * registered and the chain pinned, whether accepted, refused or repeated (counted by a TCP proxy).
 */
class PostgresRoundTripTest {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");
  private static final BLSPubkey K = key(3);
  private static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";

  @Test
  void atMostTwoRoundTripsPerDecision() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema()) {
      schema.open().close(); // migrates the schema
      // HikariCP checks a connection idle for over 500 ms with a round trip of its own: pool
      // hygiene, not the decision, and it would make the count depend on the machine's speed.
      String bypass = System.setProperty(ALIVE_BYPASS, "3600000");
      try {
        countRoundTrips(schema);
      } finally {
        if (bypass == null) {
          System.clearProperty(ALIVE_BYPASS);
        } else {
          System.setProperty(ALIVE_BYPASS, bypass);
        }
      }
    }
  }

  private static void countRoundTrips(TestStores.PostgresSchema schema) throws Exception {
    Matcher m = HOST_PORT.matcher(schema.url());
    assertThat(m.find()).as("host in %s", schema.url()).isTrue();
    try (RoundTripCountingProxy proxy =
            new RoundTripCountingProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        SlashingProtection store = new PostgresSlashingProtection(
            PostgresSlashingProtection.pool(
                m.replaceFirst("//127.0.0.1:" + proxy.port() + "/") + "&sslmode=disable&gssEncMode=disable", 1),
            PruningPolicy.OFF)) {
      assertThat(store.checkAndRecordAttestation(K, 1, 2, root(1), GVR).accepted()).isTrue(); // registers, pins
      assertThat(store.checkAndRecordBlock(K, 1, root(1), GVR).accepted()).isTrue();

      assertRoundTrips(proxy, () -> store.checkAndRecordAttestation(K, 2, 3, root(1), GVR), true);
      assertRoundTrips(proxy, () -> store.checkAndRecordAttestation(K, 2, 3, root(1), GVR), true);
      assertRoundTrips(proxy, () -> store.checkAndRecordAttestation(K, 2, 3, root(2), GVR), false);
      assertRoundTrips(proxy, () -> store.checkAndRecordAttestation(K, 1, 4, root(1), GVR), false);
      assertRoundTrips(proxy, () -> store.checkAndRecordBlock(K, 2, root(1), GVR), true);
      assertRoundTrips(proxy, () -> store.checkAndRecordBlock(K, 2, root(1), GVR), true);
      assertRoundTrips(proxy, () -> store.checkAndRecordBlock(K, 2, root(2), GVR), false);
    }
  }

  private static void assertRoundTrips(RoundTripCountingProxy proxy, Supplier<Decision> request, boolean accepted) {
    long before = proxy.roundTrips();
    Decision decision = request.get();
    long roundTrips = proxy.roundTrips() - before;
    assertThat(decision.accepted()).as("%s", decision).isEqualTo(accepted);
    assertThat(roundTrips).as("round trips for %s", decision).isBetween(1L, 2L);
  }
}
