package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads sending mutually conflicting requests for one key at the same moment: exactly one
 * of each conflicting set is accepted, on each store and with two PostgreSQL store instances
 * (separate pools, standing in for two processes) on one database.
 */
class ConcurrentConflictsTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 15;
  private static final BLSPubkey KEY = Requests.key(7);

  @TempDir Path dir;

  @Test
  void sqlite() throws Exception {
    try (SlashingProtection store = TestStores.sqlite(dir)) {
      race(List.of(store));
    }
  }

  @Test
  void postgresql() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection store = schema.open()) {
      race(List.of(store));
    }
  }

  @Test
  void postgresqlTwoInstancesOnOneDatabase() throws Exception {
    try (TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
        SlashingProtection first = schema.open();
        SlashingProtection second = schema.open()) {
      race(List.of(first, second));
    }
  }

  /** A request one thread sends in one round; {@code thread} picks the conflicting variant. */
  private interface Request {
    Decision send(SlashingProtection store, int round, int thread);
  }

  private static void race(List<SlashingProtection> stores) throws Exception {
    // Each round's conflicting set lies above every earlier round, so rounds never conflict.
    Request doubleProposal = (store, round, thread) -> store.checkAndRecordBlock(KEY, 100 + round, root(thread), GVR);
    Request doubleVote = (store, round, thread) ->
        store.checkAndRecordAttestation(KEY, 1000 + round, 1000 + round, root(thread), GVR);
    // Nested votes (50 - t, 51 + t): every pair surrounds one another.
    Request surround = (store, round, thread) -> store.checkAndRecordAttestation(
        KEY, 2000 + 100L * round + 50 - thread, 2000 + 100L * round + 51 + thread, root(0), GVR);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (Request request : List.of(doubleProposal, doubleVote, surround)) {
        for (int round = 0; round < ROUNDS; round++) {
          CyclicBarrier start = new CyclicBarrier(THREADS);
          List<Future<Decision>> decisions = new ArrayList<>();
          for (int thread = 0; thread < THREADS; thread++) {
            int r = round;
            int t = thread;
            SlashingProtection store = stores.get(thread % stores.size());
            decisions.add(pool.submit(() -> {
              start.await();
              return request.send(store, r, t);
            }));
          }
          int accepted = 0;
          for (Future<Decision> decision : decisions) {
            accepted += decision.get().accepted() ? 1 : 0;
          }
          assertThat(accepted).as("acceptances in round %d", round).isEqualTo(1);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
