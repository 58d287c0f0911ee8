package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * EIP-3076 import floors hold whatever the store held before: after a random history is signed and
 * a random minimal file (one block, one attestation, as several clients export) is imported, no
 * later request at or below the file's minima is signed: no block at or below its slot, no
 * attestation with a source below its source or a target at or below its target, except a repeat of
 * a message signed before (signing it again adds nothing slashable). The file's records carry no
 * signing root, so no request can be a repeat of them.
 */
class ImportFloorProperties {
  private static Path dir;
  private static SlashingProtection sqlite;
  private static TestStores.PostgresSchema schema;
  private static SlashingProtection postgresql;

  /** A block (slot) or attestation (source, target) request. */
  record Request(boolean block, long slotOrSource, long target, int root) {}

  /** The minimal file: one block and one attestation record. */
  record MinimalFile(long slot, long source, long target) {}

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("vigil-import-floors");
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
  Arbitrary<List<Request>> history() {
    return requests().list().ofMaxSize(25);
  }

  @Provide
  Arbitrary<List<Request>> later() {
    return requests().list().ofMinSize(1).ofMaxSize(25);
  }

  private static Arbitrary<Request> requests() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.longs().between(0, 40),
            Arbitraries.longs().between(0, 40),
            Arbitraries.integers().between(0, 2))
        .as(Request::new);
  }

  @Provide
  Arbitrary<MinimalFile> files() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 40),
            Arbitraries.longs().between(0, 40),
            Arbitraries.longs().between(0, 20))
        .as((slot, source, gap) -> new MinimalFile(slot, source, source + gap));
  }

  @Property(tries = 300)
  void sqliteSignsNothingAtOrBelowTheImportedMinima(
      @ForAll("history") List<Request> history, @ForAll("files") MinimalFile file,
      @ForAll("later") List<Request> later) {
    check(sqlite, history, file, later);
  }

  @Property(tries = 80)
  void postgresqlSignsNothingAtOrBelowTheImportedMinima(
      @ForAll("history") List<Request> history, @ForAll("files") MinimalFile file,
      @ForAll("later") List<Request> later) {
    if (postgresql == null) {
      schema = new TestStores.PostgresSchema();
      postgresql = schema.open();
    }
    check(postgresql, history, file, later);
  }

  private static void check(
      SlashingProtection store, List<Request> history, MinimalFile file, List<Request> later) {
    // A fresh validator per try (jqwik repeats seeds across tries; a key must not carry over).
    BLSPubkey key = Requests.randomKey(ThreadLocalRandom.current());
    Set<Request> signed = new HashSet<>();
    for (Request r : history) {
      if (send(store, key, r)) {
        signed.add(normalized(r));
      }
    }
    store.importInterchange(new ByteArrayInputStream(Requests.interchange(Requests.GVR,
        "[{\"pubkey\":\"" + key + "\",\"signed_blocks\":[{\"slot\":\"" + file.slot() + "\"}],"
            + "\"signed_attestations\":[{\"source_epoch\":\"" + file.source() + "\",\"target_epoch\":\""
            + file.target() + "\"}]}]")));
    for (Request r : later) {
      boolean accepted = send(store, key, r) && !signed.contains(normalized(r));
      if (r.block()) {
        assertThat(accepted && r.slotOrSource() <= file.slot())
            .as("block %s signed at or below the imported slot %d", r, file.slot()).isFalse();
      } else {
        assertThat(accepted && (r.slotOrSource() < file.source() || r.target() <= file.target()))
            .as("attestation %s signed below the imported floors %s", r, file).isFalse();
      }
    }
  }

  /** A block request's target is not part of the message. */
  private static Request normalized(Request r) {
    return r.block() ? new Request(true, r.slotOrSource(), 0, r.root()) : r;
  }

  private static boolean send(SlashingProtection store, BLSPubkey key, Request r) {
    return r.block()
        ? store.checkAndRecordBlock(key, r.slotOrSource(), Requests.root(r.root()), Requests.GVR).accepted()
        : store.checkAndRecordAttestation(
            key, r.slotOrSource(), r.target(), Requests.root(r.root()), Requests.GVR).accepted();
  }
}
