package dev.vigil.protection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shared store: several Vigil processes on one PostgreSQL database. Every decision is taken
 * inside the database's transaction while it holds the validator's row lock ({@code FOR UPDATE}),
 * so processes never race; nothing about a validator's history is cached. Two round trips per
 * check-and-record: (1) lock the row and read the history the rules need, sent as one pipelined
 * message pair; (2) insert and commit together, or roll back when refused. The first round trip
 * also reads the schema's store id: a schema replaced under the running signer stops it for good.
 */
final class PostgresSlashingProtection implements SlashingProtection {
  private final HikariDataSource pool;
  private final PruningPolicy pruning;
  /** Row ids never change once assigned, so they can be remembered. */
  private final ConcurrentMap<BLSPubkey, Long> ids = new ConcurrentHashMap<>();
  private volatile Bytes32 pinned;
  /** The schema's identity when the store opened. */
  private final String storeId;
  /** Set once the schema turned out to be another one; then every decision fails with it. */
  private volatile String lost;

  private static final String STORE_ID_SQL = "SELECT store_id FROM store_identity WHERE id = 1";

  PostgresSlashingProtection(HikariDataSource pool, PruningPolicy pruning) throws SQLException {
    this.pool = pool;
    this.pruning = pruning;
    try (Connection c = pool.getConnection();
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(STORE_ID_SQL)) {
      rs.next();
      storeId = rs.getString(1);
      pinned = ProtectionDatabase.readGenesisValidatorsRoot(c).orElse(null);
      c.commit();
    }
  }

  static HikariDataSource pool(String url, int maximumSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    // Every unit of work is one explicit transaction; this saves a round trip per connection use.
    config.setAutoCommit(false);
    config.setMaximumPoolSize(maximumSize);
    config.setPoolName("vigil-slashing-protection");
    config.setInitializationFailTimeout(-1);
    // A duty that waits longer than a few seconds is missed anyway; fail closed (503) sooner.
    config.setConnectionTimeout(3_000);
    return new HikariDataSource(config);
  }

  @Override
  public Decision checkAndRecordBlock(BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
    Objects.requireNonNull(signingRoot, "signingRoot");
    return checkAndRecord(pubkey, gvr, new Check<BlockHistory>(
        ProtectionDatabase.BLOCK_HISTORY_SQL,
        (select, id) -> ProtectionDatabase.bindBlockHistory(select, 2, id, slot),
        ProtectionDatabase::readBlockHistory,
        history -> Rules.checkBlock(slot, signingRoot, history),
        history -> history.atSlot().isEmpty(),
        ProtectionDatabase.INSERT_BLOCK_SQL,
        (insert, id) -> ProtectionDatabase.bindInsertBlock(insert, id, slot, signingRoot)));
  }

  @Override
  public Decision checkAndRecordAttestation(
      BLSPubkey pubkey, long source, long target, Bytes32 signingRoot, Bytes32 gvr) {
    Objects.requireNonNull(signingRoot, "signingRoot");
    return checkAndRecord(pubkey, gvr, new Check<AttestationHistory>(
        ProtectionDatabase.ATTESTATION_HISTORY_SQL,
        (select, id) -> ProtectionDatabase.bindAttestationHistory(select, 2, id, source, target),
        ProtectionDatabase::readAttestationHistory,
        history -> Rules.checkAttestation(source, target, signingRoot, history),
        history -> history.sameTarget().isEmpty(),
        ProtectionDatabase.INSERT_ATTESTATION_SQL,
        (insert, id) -> ProtectionDatabase.bindInsertAttestation(insert, id, source, target, signingRoot)));
  }

  /** Binds a statement's parameters for one validator row. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement, long validatorId) throws SQLException;
  }

  /** Reads the history the rules need from the second result set. */
  @FunctionalInterface
  private interface HistoryReader<H> {
    H read(ResultSet rs, Watermarks watermarks) throws SQLException;
  }

  /**
   * What differs between a block and an attestation decision: the history query, the rule, whether
   * an accepted message is new (an identical repeat is not recorded twice) and its insert.
   */
  private record Check<H>(
      String historySql,
      Binder bindHistory,
      HistoryReader<H> readHistory,
      Function<H, Decision> rule,
      Predicate<H> isNew,
      String insertSql,
      Binder bindInsert) {}

  /**
   * One decision in one transaction under the validator's row lock: round trip 1 locks the row and
   * reads the history, round trip 2 inserts and commits (or rolls back when refused).
   */
  private <H> Decision checkAndRecord(BLSPubkey pubkey, Bytes32 gvr, Check<H> check) {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(gvr, "genesisValidatorsRoot");
    requireSameStore();
    return transaction(c -> {
      Optional<Decision> wrongChain = checkChain(c, gvr);
      if (wrongChain.isPresent()) {
        return wrongChain.get();
      }
      long id = id(c, pubkey);
      H history;
      try (PreparedStatement select = c.prepareStatement(
          ProtectionDatabase.WATERMARKS_SQL + " FOR UPDATE; " + check.historySql() + "; " + STORE_ID_SQL)) {
        select.setLong(1, id);
        check.bindHistory().bind(select, id);
        select.execute();
        Watermarks watermarks;
        try (ResultSet rs = select.getResultSet()) {
          watermarks = ProtectionDatabase.readWatermarks(rs);
        }
        select.getMoreResults();
        try (ResultSet rs = select.getResultSet()) {
          history = check.readHistory().read(rs, watermarks);
        }
        select.getMoreResults();
        try (ResultSet rs = select.getResultSet()) {
          checkStoreId(rs.next() ? rs.getString(1) : null);
        }
      }
      Decision decision = check.rule().apply(history);
      if (decision.accepted() && check.isNew().test(history)) {
        try (PreparedStatement insert = c.prepareStatement(check.insertSql() + "; COMMIT")) {
          check.bindInsert().bind(insert, id);
          insert.execute();
        }
        c.commit();
      } else {
        c.rollback();
      }
      return decision;
    });
  }

  /** One unit of work on a pooled connection; the work commits, any failure rolls back. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T transaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        return work.run(c);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Fails (for good) when the schema's store id is not the one read at open. */
  private void checkStoreId(String seen) {
    if (lost == null && !storeId.equals(seen)) {
      lost = "the slashing protection database was replaced while the signer was running (store id "
          + seen + ", opened as " + storeId + "); nothing is signed until the signer is restarted on the right one";
    }
    requireSameStore();
  }

  private void requireSameStore() {
    if (lost != null) {
      throw new ProtectionUnavailableException(lost, null);
    }
  }

  @Override
  public Optional<String> fault() {
    return Optional.ofNullable(lost);
  }

  /** The validator's row id, registering it (committed at once) on first sight. */
  private long id(Connection c, BLSPubkey pubkey) throws SQLException {
    Long id = ids.get(pubkey);
    if (id == null) {
      id = ProtectionDatabase.validatorId(c, pubkey);
      c.commit();
      ids.put(pubkey, id);
    }
    return id;
  }

  private Optional<Decision> checkChain(Connection c, Bytes32 gvr) throws SQLException {
    Bytes32 root = pinned;
    if (root == null) {
      root = ProtectionDatabase.pinGenesisValidatorsRoot(c, gvr);
      c.commit();
      pinned = root;
    }
    return root.equals(gvr)
        ? Optional.empty()
        : Optional.of(new Decision.Refused(new Refusal.WrongChain(root, gvr)));
  }

  @Override
  public ImportSummary importInterchange(InputStream json) {
    Interchange interchange = Interchange.read(json);
    return transaction(c -> {
      lockAllValidators(c);
      Bytes32 root = ProtectionDatabase.pinGenesisValidatorsRoot(c, interchange.genesisValidatorsRoot());
      if (!root.equals(interchange.genesisValidatorsRoot())) {
        throw SqliteSlashingProtection.wrongChainFile(interchange.genesisValidatorsRoot(), root);
      }
      ImportSummary summary = ProtectionDatabase.importRecords(c, interchange);
      c.commit();
      pinned = root;
      return summary;
    });
  }

  /**
   * Imports and pruning change many validators at once: an EXCLUSIVE table lock waits for every
   * decision in progress (they hold ROW SHARE through FOR UPDATE) and holds new ones off.
   */
  private static void lockAllValidators(Connection c) throws SQLException {
    try (Statement statement = c.createStatement()) {
      statement.execute("LOCK TABLE validators IN EXCLUSIVE MODE");
    }
  }

  @Override
  public void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys) {
    Bytes32 gvr = genesisValidatorsRoot().orElseThrow(() -> new IllegalStateException(
        "no genesis validators root is pinned yet: nothing to export"));
    try (Connection c = pool.getConnection()) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Interchange.Writer writer = new Interchange.Writer(out, gvr);
        ProtectionDatabase.export(c, writer, pubkeys);
        writer.finish();
        c.commit();
      } finally {
        rollbackQuietly(c);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    } catch (IOException e) {
      throw new UncheckedIOException("slashing protection export: cannot write: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Bytes32> genesisValidatorsRoot() {
    if (pinned == null) {
      try (Connection c = pool.getConnection()) {
        pinned = ProtectionDatabase.readGenesisValidatorsRoot(c).orElse(null);
        c.commit();
      } catch (SQLException e) {
        throw unavailable(e);
      }
    }
    return Optional.ofNullable(pinned);
  }

  @Override
  public void pinGenesisValidatorsRoot(Bytes32 gvr) {
    Objects.requireNonNull(gvr, "genesisValidatorsRoot");
    Bytes32 root;
    try (Connection c = pool.getConnection()) {
      root = ProtectionDatabase.pinGenesisValidatorsRoot(c, gvr);
      c.commit();
    } catch (SQLException e) {
      throw unavailable(e);
    }
    pinned = root;
    if (!root.equals(gvr)) {
      throw new IllegalArgumentException(
          "genesis validators root: " + gvr + " differs from the root already pinned, " + root);
    }
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
    return transaction(c -> {
      lockAllValidators(c);
      PruneSummary summary = ProtectionDatabase.prune(c, policy);
      c.commit();
      return summary;
    });
  }

  @Override
  public RepairSummary repair(Repair repair, boolean apply) {
    return transaction(c -> {
      lockAllValidators(c);
      RepairSummary summary = WatermarkRepair.run(c, repair);
      if (apply) {
        c.commit();
        pinned = null; // read again on next use
      } else {
        c.rollback();
      }
      return summary;
    });
  }

  @Override
  public void raiseFloors(Map<BLSPubkey, Highs> floors) {
    inTransaction(c -> {
      ProtectionDatabase.raiseFloors(c, floors);
      return null;
    });
  }

  @Override
  public CompletableFuture<WitnessedHighs> raiseWitnessedHighs(
      String signerIdentity, Bytes32 genesisValidatorsRoot, Map<BLSPubkey, Highs> highs) {
    try {
      return CompletableFuture.completedFuture(inTransaction(
          c -> ProtectionDatabase.raiseWitnessedHighs(c, signerIdentity, genesisValidatorsRoot, highs)));
    } catch (ProtectionUnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Optional<WitnessedHighs> witnessedHighs(String signerIdentity) {
    return inTransaction(c -> ProtectionDatabase.witnessedHighs(c, signerIdentity));
  }

  /** {@link #transaction} for work that does not commit itself. */
  private <T> T inTransaction(Work<T> work) {
    return transaction(c -> {
      T result = work.run(c);
      c.commit();
      return result;
    });
  }

  @Override
  public boolean isReachable() {
    try (Connection c = pool.getConnection()) {
      boolean valid = c.isValid(5);
      c.rollback();
      return valid;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is broken; the pool discards it and the transaction is gone with it.
    }
  }

  /**
   * A lost connection (SQLSTATE class 08, or 57: the server shut down, restarted or dropped us)
   * means the other pooled connections are most likely dead too: they are replaced now, so that
   * one request fails rather than one per pooled connection.
   */
  private ProtectionUnavailableException unavailable(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57"))) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
    return new ProtectionUnavailableException(
        "slashing protection database unavailable, nothing recorded: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
