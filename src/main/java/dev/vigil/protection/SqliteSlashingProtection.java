package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded store: one SQLite file, WAL, synchronous commits. One writer thread owns the
 * connection and serialises every decision (so check and record are atomic per validator), and
 * commits the decisions queued meanwhile in one transaction (group commit) before completing any
 * of them. Per validator it keeps the highest recorded slot / source / target in memory: a request
 * above all of them cannot conflict with anything and is decided without reading; anything else is
 * decided from the database, inside the writer's transaction. After any failure the writer drops
 * its connection and opens a new one for the next task: SQLite may already have rolled the failed
 * transaction back itself (SQLITE_FULL, SQLITE_IOERR), and a connection left in that state would run
 * every later statement in autocommit mode and fail every commit.
 *
 * <p>After every commit the writer checks that the database file (and its WAL) at the path is
 * still the one it opened: a file deleted or replaced under a running signer would take the records
 * just committed with it. From then on nothing is accepted (503, /healthcheck DOWN) until a restart.
 */
final class SqliteSlashingProtection implements SlashingProtection {
  private static final int MAX_BATCH = 1024;

  private final String url;
  private final PruningPolicy pruning;
  private final SqliteFileLock lock;
  private final Connector connector;
  private final DatabaseFiles files;
  /** Set once the database file is gone or replaced; then every task fails with it. */
  private volatile String lost;
  /** Writer thread only (and the constructor); null after a failure until the next task reconnects. */
  private Connection connection;
  private final BlockingDeque<Task<?>> queue = new LinkedBlockingDeque<>();
  private final Thread writer;
  /** Confined to the writer thread; a cache of the committed database, cleared on any failure. */
  private final Map<BLSPubkey, ValidatorState> states = new HashMap<>();
  private final Object submitLock = new Object();
  private volatile Bytes32 pinned;
  private boolean closed;

  /** The inserts of accepted decisions, prepared once (SQLite compiles a statement on every prepare); writer thread only. */
  private PreparedStatement insertBlock;
  private PreparedStatement insertAttestation;

  /** Opens the writer's connection (tests inject failures here). */
  interface Connector {
    Connection connect(String url) throws SQLException;
  }

  /** One unit of work on the writer's connection inside its open transaction. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** {@code alone}: runs in a transaction of its own, and may fail without failing others. */
  private record Task<T>(Work<T> work, boolean alone, CompletableFuture<T> result) {}

  private static final Task<Void> STOP = new Task<>(c -> null, true, new CompletableFuture<>());

  /** What the writer knows of one validator: its row, watermarks and highest records. */
  private static final class ValidatorState {
    final long id;
    final Watermarks watermarks;
    OptionalLong blockCeiling;
    OptionalLong sourceCeiling;
    OptionalLong targetCeiling;

    ValidatorState(long id, Watermarks watermarks, OptionalLong maxSlot, OptionalLong maxSource, OptionalLong maxTarget) {
      this.id = id;
      this.watermarks = watermarks;
      this.blockCeiling = Rules.max(maxSlot, watermarks.blockSlot());
      this.sourceCeiling = Rules.max(maxSource, watermarks.attestationSource());
      this.targetCeiling = Rules.max(maxTarget, watermarks.attestationTarget());
    }
  }

  /**
   * Locks the database file, migrates its schema and starts the store.
   *
   * @throws IllegalStateException when another process or store holds the file
   */
  static SqliteSlashingProtection open(String url, PruningPolicy pruning, Optional<String> refuseNew)
      throws SQLException, IOException {
    return open(url, pruning, refuseNew, SqliteSlashingProtection::connect);
  }

  /**
   * @param refuseNew when present, a file that does not exist yet (or holds no schema) is not
   *     created: IllegalStateException with this text
   */
  static SqliteSlashingProtection open(
      String url, PruningPolicy pruning, Optional<String> refuseNew, Connector connector)
      throws SQLException, IOException {
    String path = url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "").replaceFirst("^file:", "");
    if (path.isEmpty() || path.contains(":memory:") || url.contains("mode=memory")) {
      throw new IllegalArgumentException(
          "slashing-protection-db-url: an in-memory SQLite database would forget every record");
    }
    SqliteFileLock lock = SqliteFileLock.acquire(Path.of(path).toAbsolutePath());
    try {
      if (refuseNew.isPresent() && !Files.exists(Path.of(path))) {
        throw new IllegalStateException(refuseNew.get());
      }
      Flyway flyway = Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").load();
      SlashingProtectionStores.requireExisting(flyway, refuseNew);
      flyway.migrate();
      return new SqliteSlashingProtection(url, pruning, lock, connector, Path.of(path).toAbsolutePath());
    } catch (SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private SqliteSlashingProtection(
      String url, PruningPolicy pruning, SqliteFileLock lock, Connector connector, Path database)
      throws SQLException, IOException {
    this.url = url;
    this.pruning = pruning;
    this.lock = lock;
    this.connector = connector;
    this.files = new DatabaseFiles(database);
    this.connection = reconnect();
    this.writer = new Thread(this::writeLoop, "slashing-protection-writer");
    writer.setDaemon(true);
    writer.start();
  }

  static Connection connect(String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: in WAL mode NORMAL may lose the last commits on power loss; a record must survive.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    // Flyway creates the file once; a connection opened later must never make a new, empty one
    // where the database was deleted.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    return config.createConnection(url);
  }

  @Override
  public Decision checkAndRecordBlock(BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
    return await(checkAndRecordBlockAsync(pubkey, slot, signingRoot, gvr));
  }

  @Override
  public CompletableFuture<Decision> checkAndRecordBlockAsync(
      BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(signingRoot, "signingRoot");
    Objects.requireNonNull(gvr, "genesisValidatorsRoot");
    return enqueue(c -> decideBlock(c, pubkey, slot, signingRoot, gvr), false);
  }

  @Override
  public Decision checkAndRecordAttestation(
      BLSPubkey pubkey, long source, long target, Bytes32 signingRoot, Bytes32 gvr) {
    return await(checkAndRecordAttestationAsync(pubkey, source, target, signingRoot, gvr));
  }

  @Override
  public CompletableFuture<Decision> checkAndRecordAttestationAsync(
      BLSPubkey pubkey, long source, long target, Bytes32 signingRoot, Bytes32 gvr) {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(signingRoot, "signingRoot");
    Objects.requireNonNull(gvr, "genesisValidatorsRoot");
    return enqueue(c -> decideAttestation(c, pubkey, source, target, signingRoot, gvr), false);
  }

  private Decision decideBlock(Connection c, BLSPubkey pubkey, long slot, Bytes32 root, Bytes32 gvr)
      throws SQLException {
    Optional<Decision> wrongChain = checkChain(c, gvr);
    if (wrongChain.isPresent()) {
      return wrongChain.get();
    }
    ValidatorState state = state(c, pubkey);
    boolean record;
    Decision decision;
    if (above(slot, state.blockCeiling)) {
      decision = Decision.ACCEPTED;
      record = true;
    } else {
      BlockHistory history = ProtectionDatabase.blockHistory(c, state.id, slot, state.watermarks);
      decision = Rules.checkBlock(slot, root, history);
      record = decision.accepted() && history.atSlot().isEmpty();
    }
    if (record) {
      if (insertBlock == null) {
        insertBlock = c.prepareStatement(ProtectionDatabase.INSERT_BLOCK_SQL);
      }
      ProtectionDatabase.bindInsertBlock(insertBlock, state.id, slot, root);
      insertBlock.executeUpdate();
      state.blockCeiling = Rules.max(state.blockCeiling, OptionalLong.of(slot));
    }
    return decision;
  }

  private Decision decideAttestation(
      Connection c, BLSPubkey pubkey, long source, long target, Bytes32 root, Bytes32 gvr)
      throws SQLException {
    Optional<Decision> wrongChain = checkChain(c, gvr);
    if (wrongChain.isPresent()) {
      return wrongChain.get();
    }
    ValidatorState state = state(c, pubkey);
    boolean record;
    Decision decision;
    // Above every recorded target and at or above every recorded source, with source <= target:
    // nothing recorded can be a double vote, surround or lie above it.
    if (Long.compareUnsigned(source, target) <= 0
        && above(target, state.targetCeiling)
        && (state.sourceCeiling.isEmpty() || Long.compareUnsigned(source, state.sourceCeiling.getAsLong()) >= 0)) {
      decision = Decision.ACCEPTED;
      record = true;
    } else {
      AttestationHistory history =
          ProtectionDatabase.attestationHistory(c, state.id, source, target, state.watermarks);
      decision = Rules.checkAttestation(source, target, root, history);
      record = decision.accepted() && history.sameTarget().isEmpty();
    }
    if (record) {
      if (insertAttestation == null) {
        insertAttestation = c.prepareStatement(ProtectionDatabase.INSERT_ATTESTATION_SQL);
      }
      ProtectionDatabase.bindInsertAttestation(insertAttestation, state.id, source, target, root);
      insertAttestation.executeUpdate();
      state.sourceCeiling = Rules.max(state.sourceCeiling, OptionalLong.of(source));
      state.targetCeiling = Rules.max(state.targetCeiling, OptionalLong.of(target));
    }
    return decision;
  }

  private static boolean above(long value, OptionalLong ceiling) {
    return ceiling.isEmpty() || Long.compareUnsigned(value, ceiling.getAsLong()) > 0;
  }

  /** Pins the root on first sight (in the writer's transaction); refuses another chain's request. */
  private Optional<Decision> checkChain(Connection c, Bytes32 gvr) throws SQLException {
    if (pinned == null) {
      pinned = ProtectionDatabase.pinGenesisValidatorsRoot(c, gvr);
    }
    return pinned.equals(gvr)
        ? Optional.empty()
        : Optional.of(new Decision.Refused(new Refusal.WrongChain(pinned, gvr)));
  }

  private ValidatorState state(Connection c, BLSPubkey pubkey) throws SQLException {
    ValidatorState state = states.get(pubkey);
    if (state == null) {
      long id = ProtectionDatabase.validatorId(c, pubkey);
      OptionalLong maxSlot;
      OptionalLong maxSource;
      OptionalLong maxTarget;
      try (PreparedStatement select = c.prepareStatement(
          "SELECT (SELECT MAX(slot) FROM signed_blocks WHERE validator_id = ?),"
              + " (SELECT MAX(source_epoch) FROM signed_attestations WHERE validator_id = ?),"
              + " (SELECT MAX(target_epoch) FROM signed_attestations WHERE validator_id = ?)")) {
        select.setLong(1, id);
        select.setLong(2, id);
        select.setLong(3, id);
        try (var rs = select.executeQuery()) {
          rs.next();
          maxSlot = ProtectionDatabase.optionalUint64(rs, 1);
          maxSource = ProtectionDatabase.optionalUint64(rs, 2);
          maxTarget = ProtectionDatabase.optionalUint64(rs, 3);
        }
      }
      state = new ValidatorState(id, ProtectionDatabase.watermarks(c, id), maxSlot, maxSource, maxTarget);
      states.put(pubkey, state);
    }
    return state;
  }

  @Override
  public ImportSummary importInterchange(InputStream json) {
    Interchange interchange = Interchange.read(json);
    return submit(c -> {
      if (pinned == null) {
        pinned = ProtectionDatabase.pinGenesisValidatorsRoot(c, interchange.genesisValidatorsRoot());
      }
      if (!pinned.equals(interchange.genesisValidatorsRoot())) {
        throw wrongChainFile(interchange.genesisValidatorsRoot(), pinned);
      }
      return ProtectionDatabase.importRecords(c, interchange);
    }, true);
  }

  static InterchangeException wrongChainFile(Bytes32 file, Bytes32 pinned) {
    return new InterchangeException("metadata.genesis_validators_root: the file is for chain " + file
        + " but this store is pinned to " + pinned);
  }

  @Override
  public void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys) {
    Bytes32 gvr = genesisValidatorsRoot().orElseThrow(() -> new IllegalStateException(
        "no genesis validators root is pinned yet: nothing to export"));
    if (lost != null) {
      throw new ProtectionUnavailableException(lost, null);
    }
    // A connection of its own: WAL lets it read a consistent snapshot while the writer commits.
    try (Connection reader = connect(url)) {
      reader.setAutoCommit(false);
      Interchange.Writer writer = new Interchange.Writer(out, gvr);
      ProtectionDatabase.export(reader, writer, pubkeys);
      writer.finish();
      reader.commit();
    } catch (SQLException e) {
      throw new ProtectionUnavailableException("slashing protection export failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("slashing protection export: cannot write: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Bytes32> genesisValidatorsRoot() {
    return Optional.ofNullable(pinned);
  }

  @Override
  public void pinGenesisValidatorsRoot(Bytes32 gvr) {
    Objects.requireNonNull(gvr, "genesisValidatorsRoot");
    submit(c -> {
      if (pinned == null) {
        pinned = ProtectionDatabase.pinGenesisValidatorsRoot(c, gvr);
      }
      if (!pinned.equals(gvr)) {
        throw new IllegalArgumentException("genesis validators root: " + gvr
            + " differs from the root already pinned, " + pinned);
      }
      return null;
    }, true);
  }

  @Override
  public PruneSummary prune() {
    return prune(pruning);
  }

  @Override
  public PruneSummary prune(PruningPolicy policy) {
    if (!policy.enabled()) {
      return new PruneSummary(0, 0);
    }
    return submit(c -> ProtectionDatabase.prune(c, policy), true);
  }

  @Override
  public RepairSummary repair(Repair repair, boolean apply) {
    return submit(c -> {
      RepairSummary summary = WatermarkRepair.run(c, repair);
      if (apply) {
        pinned = ProtectionDatabase.readGenesisValidatorsRoot(c).orElse(null);
      } else {
        c.rollback();
      }
      return summary;
    }, true);
  }

  @Override
  public void raiseFloors(Map<BLSPubkey, Highs> floors) {
    submit(c -> {
      ProtectionDatabase.raiseFloors(c, floors);
      return null;
    }, true);
  }

  /** Queued with the decisions, so that raises arriving together share their commit. */
  @Override
  public CompletableFuture<WitnessedHighs> raiseWitnessedHighs(
      String signerIdentity, Bytes32 genesisValidatorsRoot, Map<BLSPubkey, Highs> highs) {
    return enqueue(c -> ProtectionDatabase.raiseWitnessedHighs(c, signerIdentity, genesisValidatorsRoot, highs), false);
  }

  @Override
  public Optional<WitnessedHighs> witnessedHighs(String signerIdentity) {
    return submit(c -> ProtectionDatabase.witnessedHighs(c, signerIdentity), false);
  }

  @Override
  public boolean isReachable() {
    try {
      return submit(c -> {
        try (Statement statement = c.createStatement()) {
          return statement.executeQuery("SELECT 1").next();
        }
      }, false);
    } catch (ProtectionUnavailableException e) {
      return false;
    }
  }

  private <T> T submit(Work<T> work, boolean alone) {
    return await(enqueue(work, alone));
  }

  private <T> CompletableFuture<T> enqueue(Work<T> work, boolean alone) {
    Task<T> task = new Task<>(work, alone, new CompletableFuture<>());
    synchronized (submitLock) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new ProtectionUnavailableException("the slashing protection store is closed", null));
      }
      queue.add(task);
    }
    return task.result();
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ProtectionUnavailableException("slashing protection failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // The decision may still commit; the caller must not sign, which fails closed.
      throw new ProtectionUnavailableException("interrupted while waiting for slashing protection", e);
    }
  }

  private void writeLoop() {
    while (true) {
      Task<?> first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      if (first.alone()) {
        runAlone(first);
      } else {
        runBatch(first);
      }
    }
  }

  /** The writer's connection, opened afresh (its transaction begun, the pinned root re-read) after a failure. */
  private Connection connection() throws SQLException {
    requireSameFiles();
    if (connection == null) {
      connection = reconnect();
    }
    return connection;
  }

  /**
   * Fails (for good) when the database file or its WAL is no longer the one opened: what this
   * connection commits would not be found at the path after a restart.
   */
  private void requireSameFiles() {
    if (lost == null) {
      files.change(connection != null).ifPresent(change -> lost = "the slashing protection database " + change
          + " while the signer was running; nothing is signed until it is restored and the signer restarted");
    }
    if (lost != null) {
      throw new ProtectionUnavailableException(lost, null);
    }
  }

  @Override
  public Optional<String> fault() {
    return Optional.ofNullable(lost);
  }

  private Connection reconnect() throws SQLException {
    Connection fresh = connector.connect(url);
    try {
      fresh.setAutoCommit(false);
      pinned = ProtectionDatabase.readGenesisValidatorsRoot(fresh).orElse(null);
      fresh.commit();
      files.walOpened();
      return fresh;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(fresh);
      throw e;
    } catch (IOException e) {
      closeQuietly(fresh);
      throw new SQLException("cannot read the identity of the database's WAL: " + e.getMessage(), e);
    }
  }

  private void runBatch(Task<?> first) {
    List<Task<?>> batch = new ArrayList<>();
    batch.add(first);
    while (batch.size() < MAX_BATCH) {
      Task<?> next = queue.pollFirst();
      if (next == null) {
        break;
      }
      if (next.alone()) {
        queue.addFirst(next);
        break;
      }
      batch.add(next);
    }
    List<Object> results = new ArrayList<>(batch.size());
    Bytes32 pinnedBefore = pinned;
    try {
      Connection c = connection();
      for (Task<?> task : batch) {
        results.add(task.work().run(c));
      }
      c.commit();
      requireSameFiles();
    } catch (Exception | Error e) {
      // Errors too: the writer must outlive any failure, or callers would wait forever.
      recover(pinnedBefore);
      ProtectionUnavailableException failure = new ProtectionUnavailableException(
          "slashing protection store failed, nothing recorded: " + e.getMessage(), e);
      batch.forEach(task -> task.result().completeExceptionally(failure));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  private void runAlone(Task<?> task) {
    Object result;
    Bytes32 pinnedBefore = pinned;
    try {
      Connection c = connection();
      result = task.work().run(c);
      c.commit();
      requireSameFiles();
    } catch (SQLException e) {
      recover(pinnedBefore);
      task.result().completeExceptionally(new ProtectionUnavailableException(
          "slashing protection store failed, nothing changed: " + e.getMessage(), e));
      return;
    } catch (RuntimeException | Error e) {
      recover(pinnedBefore);
      task.result().completeExceptionally(e);
      return;
    } finally {
      // Imports and pruning change watermarks and records under the cache.
      states.clear();
    }
    complete(task, result);
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Task<T> task, Object result) {
    task.result().complete((T) result);
  }

  /**
   * Forgets every cached value and the connection (closing it rolls back whatever it still holds),
   * so that the next task starts from the committed database on a fresh connection.
   */
  private void recover(Bytes32 pinnedBefore) {
    states.clear();
    pinned = pinnedBefore;
    closeQuietly(insertBlock);
    closeQuietly(insertAttestation);
    insertBlock = null;
    insertAttestation = null;
    closeQuietly(connection);
    connection = null;
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        // already unusable; it is being replaced
      }
    }
  }
  @Override
  public void close() {
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(connection);
    try {
      lock.close();
    } catch (IOException e) {
      // Closing: every committed record is already durable.
    }
  }
}
