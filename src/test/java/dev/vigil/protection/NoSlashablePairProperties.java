package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random request sequences: whatever the store accepts never contains a slashable pair, as judged
 * by a brute-force oracle written independently of the rules (consensus-spec slashing conditions).
 */
class NoSlashablePairProperties {
  private static Path dir;
  private static SlashingProtection sqlite;
  private static TestStores.PostgresSchema schema;
  private static SlashingProtection postgresql;

  /** A block (slot) or attestation (source, target) request over small numbers, so that conflicts are common. */
  record Request(boolean block, long slotOrSource, long target, int root) {}

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("vigil-properties");
    sqlite = TestStores.sqlite(dir);
  }

  @AfterContainer
  static void close() throws Exception {
    sqlite.close();
    if (postgresql != null) {
      postgresql.close();
      schema.close();
    }
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    Arbitrary<Request> request = Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.longs().between(0, 12),
            Arbitraries.longs().between(0, 12),
            Arbitraries.integers().between(0, 2))
        .as(Request::new);
    return request.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 300)
  void sqliteNeverAcceptsASlashablePair(@ForAll("requests") List<Request> requests, @ForAll long seed) {
    check(sqlite, requests, seed);
  }

  @Property(tries = 100)
  void postgresqlNeverAcceptsASlashablePair(@ForAll("requests") List<Request> requests, @ForAll long seed) {
    if (postgresql == null) {
      schema = new TestStores.PostgresSchema();
      postgresql = schema.open();
    }
    check(postgresql, requests, seed);
  }

  private static void check(SlashingProtection store, List<Request> requests, long seed) {
    BLSPubkey key = Requests.randomKey(new Random(seed)); // a fresh validator per try
    List<Request> acceptedBlocks = new ArrayList<>();
    List<Request> acceptedAttestations = new ArrayList<>();
    for (Request r : requests) {
      Bytes32 root = Requests.root(r.root());
      if (r.block()) {
        if (store.checkAndRecordBlock(key, r.slotOrSource(), root, Requests.GVR).accepted()) {
          acceptedBlocks.add(r);
        }
      } else if (store.checkAndRecordAttestation(key, r.slotOrSource(), r.target(), root, Requests.GVR).accepted()) {
        acceptedAttestations.add(r);
      }
    }
    for (Request a : acceptedBlocks) {
      for (Request b : acceptedBlocks) {
        assertThat(a.slotOrSource() == b.slotOrSource() && a.root() != b.root())
            .as("proposer slashing: %s and %s", a, b).isFalse();
      }
    }
    for (Request a : acceptedAttestations) {
      assertThat(a.slotOrSource() <= a.target()).as("invalid vote %s", a).isTrue();
      for (Request b : acceptedAttestations) {
        boolean sameData = a.slotOrSource() == b.slotOrSource() && a.target() == b.target() && a.root() == b.root();
        boolean doubleVote = !sameData && a.target() == b.target();
        boolean surround = a.slotOrSource() < b.slotOrSource() && b.target() < a.target();
        assertThat(doubleVote || surround).as("attester slashing: %s and %s", a, b).isFalse();
      }
    }
  }
}
