package dev.vigil.protection;

import dev.vigil.protection.Interchange.ValidatorHistory;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The SQL shared by the SQLite and PostgreSQL stores (the schema is the same in both, see
 * db/sqlite and db/postgresql). Every uint64 is stored as value − 2^63 (sign bit flipped) so that
 * the databases' signed 64-bit order is the uint64 order.
 */
final class ProtectionDatabase {
  private ProtectionDatabase() {}

  static long toDb(long uint64) {
    return uint64 ^ Long.MIN_VALUE;
  }

  static long fromDb(long stored) {
    return stored ^ Long.MIN_VALUE;
  }

  static final String WATERMARKS_SQL =
      "SELECT block_slot_watermark, attestation_source_watermark, attestation_target_watermark"
          + " FROM validators WHERE id = ?";

  /** Parameters: id, slot, id. */
  static final String BLOCK_HISTORY_SQL =
      "SELECT 0, slot, signing_root FROM signed_blocks WHERE validator_id = ? AND slot = ?"
          + " UNION ALL SELECT 1, MIN(slot), NULL FROM signed_blocks WHERE validator_id = ?";

  /** Parameters: id, target, id, source, target, id, source, target, id. */
  static final String ATTESTATION_HISTORY_SQL =
      "SELECT 0, source_epoch, target_epoch, signing_root FROM signed_attestations"
          + " WHERE validator_id = ? AND target_epoch = ?"
          + " UNION ALL SELECT * FROM (SELECT 1, source_epoch, target_epoch, signing_root"
          + " FROM signed_attestations WHERE validator_id = ? AND source_epoch < ? AND target_epoch > ?"
          + " LIMIT 1) AS surrounding"
          + " UNION ALL SELECT * FROM (SELECT 2, source_epoch, target_epoch, signing_root"
          + " FROM signed_attestations WHERE validator_id = ? AND source_epoch > ? AND target_epoch < ?"
          + " LIMIT 1) AS surrounded"
          + " UNION ALL SELECT 3, MIN(source_epoch), MIN(target_epoch), NULL"
          + " FROM signed_attestations WHERE validator_id = ?";

  static final String INSERT_BLOCK_SQL =
      "INSERT INTO signed_blocks (validator_id, slot, signing_root) VALUES (?, ?, ?)";

  static final String INSERT_ATTESTATION_SQL =
      "INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root)"
          + " VALUES (?, ?, ?, ?)";

  // Imports merge: a record already present with another (or no) root keeps "signed, root unknown",
  // which refuses every different message at that slot/target just as both roots would.
  private static final String MERGE_BLOCK_SQL =
      "INSERT INTO signed_blocks (validator_id, slot, signing_root) VALUES (?, ?, ?)"
          + " ON CONFLICT (validator_id, slot) DO UPDATE SET signing_root = CASE"
          + " WHEN signed_blocks.signing_root = excluded.signing_root THEN signed_blocks.signing_root"
          + " ELSE NULL END";

  private static final String MERGE_ATTESTATION_SQL =
      "INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root)"
          + " VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (validator_id, target_epoch, source_epoch) DO UPDATE SET signing_root = CASE"
          + " WHEN signed_attestations.signing_root = excluded.signing_root"
          + " THEN signed_attestations.signing_root ELSE NULL END";

  static Optional<Bytes32> readGenesisValidatorsRoot(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT genesis_validators_root FROM metadata WHERE id = 1")) {
      return rs.next() ? Optional.of(new Bytes32(rs.getBytes(1))) : Optional.empty();
    }
  }

  /** Pins {@code gvr} unless a root is pinned already; returns the root pinned afterwards. */
  static Bytes32 pinGenesisValidatorsRoot(Connection connection, Bytes32 gvr) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO metadata (id, genesis_validators_root) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
      insert.setBytes(1, gvr.toArray());
      insert.executeUpdate();
    }
    return readGenesisValidatorsRoot(connection).orElseThrow();
  }

  /** The id of a validator, registering it first if needed. */
  static long validatorId(Connection connection, BLSPubkey pubkey) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO validators (pubkey) VALUES (?) ON CONFLICT (pubkey) DO NOTHING")) {
      insert.setBytes(1, pubkey.toArray());
      insert.executeUpdate();
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT id FROM validators WHERE pubkey = ?")) {
      select.setBytes(1, pubkey.toArray());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static Watermarks watermarks(Connection connection, long validatorId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(WATERMARKS_SQL)) {
      select.setLong(1, validatorId);
      try (ResultSet rs = select.executeQuery()) {
        return readWatermarks(rs);
      }
    }
  }

  static Watermarks readWatermarks(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      throw new SQLException("validator row missing");
    }
    return new Watermarks(optionalUint64(rs, 1), optionalUint64(rs, 2), optionalUint64(rs, 3));
  }

  static BlockHistory blockHistory(Connection connection, long validatorId, long slot, Watermarks watermarks)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(BLOCK_HISTORY_SQL)) {
      bindBlockHistory(select, 1, validatorId, slot);
      try (ResultSet rs = select.executeQuery()) {
        return readBlockHistory(rs, watermarks);
      }
    }
  }

  static int bindBlockHistory(PreparedStatement statement, int first, long validatorId, long slot)
      throws SQLException {
    statement.setLong(first, validatorId);
    statement.setLong(first + 1, toDb(slot));
    statement.setLong(first + 2, validatorId);
    return first + 3;
  }

  static BlockHistory readBlockHistory(ResultSet rs, Watermarks watermarks) throws SQLException {
    Optional<SignedBlock> atSlot = Optional.empty();
    OptionalLong lowest = OptionalLong.empty();
    while (rs.next()) {
      if (rs.getInt(1) == 0) {
        atSlot = Optional.of(new SignedBlock(fromDb(rs.getLong(2)), optionalRoot(rs, 3)));
      } else {
        lowest = optionalUint64(rs, 2);
      }
    }
    return new BlockHistory(atSlot, lowest, watermarks.blockSlot());
  }

  static AttestationHistory attestationHistory(
      Connection connection, long validatorId, long source, long target, Watermarks watermarks)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(ATTESTATION_HISTORY_SQL)) {
      bindAttestationHistory(select, 1, validatorId, source, target);
      try (ResultSet rs = select.executeQuery()) {
        return readAttestationHistory(rs, watermarks);
      }
    }
  }

  static int bindAttestationHistory(
      PreparedStatement statement, int first, long validatorId, long source, long target)
      throws SQLException {
    long[] values = {
      validatorId, toDb(target), validatorId, toDb(source), toDb(target),
      validatorId, toDb(source), toDb(target), validatorId
    };
    for (int i = 0; i < values.length; i++) {
      statement.setLong(first + i, values[i]);
    }
    return first + values.length;
  }

  static AttestationHistory readAttestationHistory(ResultSet rs, Watermarks watermarks) throws SQLException {
    List<SignedAttestation> sameTarget = new ArrayList<>();
    Optional<SignedAttestation> surrounding = Optional.empty();
    Optional<SignedAttestation> surrounded = Optional.empty();
    OptionalLong lowestSource = OptionalLong.empty();
    OptionalLong lowestTarget = OptionalLong.empty();
    while (rs.next()) {
      int kind = rs.getInt(1);
      if (kind == 3) {
        lowestSource = optionalUint64(rs, 2);
        lowestTarget = optionalUint64(rs, 3);
        continue;
      }
      SignedAttestation record =
          new SignedAttestation(fromDb(rs.getLong(2)), fromDb(rs.getLong(3)), optionalRoot(rs, 4));
      switch (kind) {
        case 0 -> sameTarget.add(record);
        case 1 -> surrounding = Optional.of(record);
        default -> surrounded = Optional.of(record);
      }
    }
    return new AttestationHistory(sameTarget, surrounding, surrounded, lowestSource, lowestTarget, watermarks);
  }

  static void bindInsertBlock(PreparedStatement insert, long validatorId, long slot, Bytes32 root)
      throws SQLException {
    insert.setLong(1, validatorId);
    insert.setLong(2, toDb(slot));
    insert.setBytes(3, root.toArray());
  }

  static void bindInsertAttestation(
      PreparedStatement insert, long validatorId, long source, long target, Bytes32 root)
      throws SQLException {
    insert.setLong(1, validatorId);
    insert.setLong(2, toDb(source));
    insert.setLong(3, toDb(target));
    insert.setBytes(4, root.toArray());
  }

  /**
   * Merges every record of a validated interchange file, in the caller's transaction; the caller
   * has checked the genesis validators root and holds whatever lock the store needs.
   */
  static ImportSummary importRecords(Connection connection, Interchange interchange) throws SQLException {
    long blocks = 0;
    long attestations = 0;
    Map<BLSPubkey, Long> ids = new LinkedHashMap<>();
    for (ValidatorHistory validator : interchange.data()) {
      if (!ids.containsKey(validator.pubkey())) {
        ids.put(validator.pubkey(), validatorId(connection, validator.pubkey()));
      }
    }
    try (PreparedStatement mergeBlock = connection.prepareStatement(MERGE_BLOCK_SQL);
        PreparedStatement mergeAttestation = connection.prepareStatement(MERGE_ATTESTATION_SQL)) {
      for (ValidatorHistory validator : interchange.data()) {
        long id = ids.get(validator.pubkey());
        for (SignedBlock block : validator.signedBlocks()) {
          mergeBlock.setLong(1, id);
          mergeBlock.setLong(2, toDb(block.slot()));
          mergeBlock.setBytes(3, block.signingRoot().map(Bytes32::toArray).orElse(null));
          mergeBlock.addBatch();
          if (++blocks % 1000 == 0) {
            mergeBlock.executeBatch();
          }
        }
        for (SignedAttestation attestation : validator.signedAttestations()) {
          mergeAttestation.setLong(1, id);
          mergeAttestation.setLong(2, toDb(attestation.sourceEpoch()));
          mergeAttestation.setLong(3, toDb(attestation.targetEpoch()));
          mergeAttestation.setBytes(4, attestation.signingRoot().map(Bytes32::toArray).orElse(null));
          mergeAttestation.addBatch();
          if (++attestations % 1000 == 0) {
            mergeAttestation.executeBatch();
          }
        }
      }
      mergeBlock.executeBatch();
      mergeAttestation.executeBatch();
    }
    for (Map.Entry<BLSPubkey, Watermarks> floors : fileMinima(interchange).entrySet()) {
      raiseWatermarks(connection, ids.get(floors.getKey()), floors.getValue());
    }
    return new ImportSummary(ids.size(), blocks, attestations);
  }

  /**
   * EIP-3076's import floors per key: the minima of that key's records in the file (over all its
   * entries), whatever the store held before, so that older local records cannot cancel them.
   */
  private static Map<BLSPubkey, Watermarks> fileMinima(Interchange interchange) {
    Map<BLSPubkey, Watermarks> minima = new LinkedHashMap<>();
    for (ValidatorHistory validator : interchange.data()) {
      minima.merge(validator.pubkey(),
          Watermarks.minimaOf(validator.signedBlocks(), validator.signedAttestations()), Watermarks::lowest);
    }
    return minima;
  }

  /** Raises each key's watermarks to at least the given highs (registering unknown keys); the caller commits. */
  static void raiseFloors(Connection connection, Map<BLSPubkey, Highs> floors) throws SQLException {
    for (Map.Entry<BLSPubkey, Highs> floor : floors.entrySet()) {
      raiseWatermarks(connection, validatorId(connection, floor.getKey()), floor.getValue().asWatermarks());
    }
  }

  private static final String RAISE_WITNESSED_SQL =
      "INSERT INTO witnessed_highs (signer_identity, pubkey, block_slot, attestation_source, attestation_target)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (signer_identity, pubkey) DO UPDATE SET"
          + higher("block_slot") + "," + higher("attestation_source") + "," + higher("attestation_target");

  /** The larger of the kept and the new value (NULL > x is not true, so a NULL never replaces a value). */
  private static String higher(String column) {
    return " " + column + " = CASE WHEN witnessed_highs." + column + " IS NULL OR excluded." + column
        + " > witnessed_highs." + column + " THEN excluded." + column + " ELSE witnessed_highs." + column + " END";
  }

  /**
   * A freshness witness's raise (see {@link SlashingProtection#raiseWitnessedHighs}) in the caller's
   * transaction: pins the identity's chain on first sight, raises nothing when it differs.
   */
  static WitnessedHighs raiseWitnessedHighs(
      Connection connection, String identity, Bytes32 gvr, Map<BLSPubkey, Highs> highs) throws SQLException {
    try (PreparedStatement pin = connection.prepareStatement(
        "INSERT INTO witnessed_signers (signer_identity, genesis_validators_root) VALUES (?, ?)"
            + " ON CONFLICT (signer_identity) DO NOTHING")) {
      pin.setString(1, identity);
      pin.setBytes(2, gvr.toArray());
      pin.executeUpdate();
    }
    Bytes32 pinned = witnessedChain(connection, identity).orElseThrow();
    if (!pinned.equals(gvr)) {
      return new WitnessedHighs(pinned, Map.of());
    }
    try (PreparedStatement raise = connection.prepareStatement(RAISE_WITNESSED_SQL)) {
      for (Map.Entry<BLSPubkey, Highs> high : highs.entrySet()) {
        raise.setString(1, identity);
        raise.setBytes(2, high.getKey().toArray());
        setOptionalUint64(raise, 3, high.getValue().blockSlot());
        setOptionalUint64(raise, 4, high.getValue().attestationSource());
        setOptionalUint64(raise, 5, high.getValue().attestationTarget());
        raise.addBatch();
      }
      raise.executeBatch();
    }
    return new WitnessedHighs(pinned, highs);
  }

  /** Everything a freshness witness keeps for {@code identity}. */
  static Optional<WitnessedHighs> witnessedHighs(Connection connection, String identity) throws SQLException {
    Optional<Bytes32> pinned = witnessedChain(connection, identity);
    if (pinned.isEmpty()) {
      return Optional.empty();
    }
    Map<BLSPubkey, Highs> kept = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT pubkey, block_slot, attestation_source, attestation_target FROM witnessed_highs"
            + " WHERE signer_identity = ?")) {
      select.setString(1, identity);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          kept.put(new BLSPubkey(rs.getBytes(1)), readHighs(rs, 2));
        }
      }
    }
    return Optional.of(new WitnessedHighs(pinned.get(), kept));
  }

  private static Optional<Bytes32> witnessedChain(Connection connection, String identity) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT genesis_validators_root FROM witnessed_signers WHERE signer_identity = ?")) {
      select.setString(1, identity);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(new Bytes32(rs.getBytes(1))) : Optional.empty();
      }
    }
  }

  private static Highs readHighs(ResultSet rs, int first) throws SQLException {
    return new Highs(optionalUint64(rs, first), optionalUint64(rs, first + 1), optionalUint64(rs, first + 2));
  }

  private static void setOptionalUint64(PreparedStatement statement, int index, OptionalLong value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, toDb(value.getAsLong()));
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static void raiseWatermarks(Connection connection, long id, Watermarks floors) throws SQLException {
    if (floors.blockSlot().isPresent()) {
      raiseWatermark(connection, "block_slot_watermark", id, floors.blockSlot().getAsLong());
    }
    if (floors.attestationSource().isPresent()) {
      raiseWatermark(connection, "attestation_source_watermark", id, floors.attestationSource().getAsLong());
      raiseWatermark(connection, "attestation_target_watermark", id, floors.attestationTarget().getAsLong());
    }
  }

  /**
   * Writes the history of the chosen validators (all when empty) as {@link FloorRecords} encodes
   * it: every record, and the floors in the form an importer understands (the file's minima).
   */
  static void export(Connection connection, Interchange.Writer writer, Set<BLSPubkey> pubkeys)
      throws SQLException, IOException {
    try (Statement validators = connection.createStatement();
        ResultSet rs = validators.executeQuery(
            "SELECT id, pubkey, block_slot_watermark, attestation_source_watermark,"
                + " attestation_target_watermark FROM validators ORDER BY id");
        PreparedStatement blocks = connection.prepareStatement(
            "SELECT slot, signing_root FROM signed_blocks WHERE validator_id = ? ORDER BY slot");
        PreparedStatement attestations = connection.prepareStatement(
            "SELECT source_epoch, target_epoch, signing_root FROM signed_attestations"
                + " WHERE validator_id = ? ORDER BY target_epoch, source_epoch")) {
      while (rs.next()) {
        BLSPubkey pubkey = new BLSPubkey(rs.getBytes(2));
        if (!pubkeys.isEmpty() && !pubkeys.contains(pubkey)) {
          continue;
        }
        long id = rs.getLong(1);
        Watermarks floors = new Watermarks(optionalUint64(rs, 3), optionalUint64(rs, 4), optionalUint64(rs, 5));
        List<SignedBlock> signedBlocks = new ArrayList<>();
        blocks.setLong(1, id);
        try (ResultSet b = blocks.executeQuery()) {
          while (b.next()) {
            signedBlocks.add(new SignedBlock(fromDb(b.getLong(1)), optionalRoot(b, 2)));
          }
        }
        List<SignedAttestation> signedAttestations = new ArrayList<>();
        attestations.setLong(1, id);
        try (ResultSet a = attestations.executeQuery()) {
          while (a.next()) {
            signedAttestations.add(
                new SignedAttestation(fromDb(a.getLong(1)), fromDb(a.getLong(2)), optionalRoot(a, 3)));
          }
        }
        writer.writeValidator(new ValidatorHistory(pubkey,
            FloorRecords.blocks(floors.blockSlot(), signedBlocks),
            FloorRecords.attestations(floors, signedAttestations)));
      }
    }
  }

  /**
   * Deletes, per validator, blocks more than {@code policy.slotsToKeep()} slots and attestations
   * more than {@code policy.epochsToKeep()} target epochs behind its newest record, first raising
   * its watermarks to the highest slot / source / target deleted. The caller holds the locks.
   */
  static PruneSummary prune(Connection connection, PruningPolicy policy) throws SQLException {
    long blocks = 0;
    long attestations = 0;
    List<Long> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT id FROM validators ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    for (long id : ids) {
      if (policy.slotsToKeep() > 0) {
        blocks += pruneBlocks(connection, id, policy.slotsToKeep());
      }
      if (policy.epochsToKeep() > 0) {
        attestations += pruneAttestations(connection, id, policy.epochsToKeep());
      }
    }
    return new PruneSummary(blocks, attestations);
  }

  private static long pruneBlocks(Connection connection, long id, long keep) throws SQLException {
    OptionalLong newest = singleUint64(connection, "SELECT MAX(slot) FROM signed_blocks WHERE validator_id = ?", id);
    if (newest.isEmpty() || Long.compareUnsigned(newest.getAsLong(), keep) < 0) {
      return 0;
    }
    long cutoff = newest.getAsLong() - keep;
    OptionalLong highestPruned = singleUint64(connection,
        "SELECT MAX(slot) FROM signed_blocks WHERE validator_id = ? AND slot < " + toDb(cutoff), id);
    if (highestPruned.isEmpty()) {
      return 0;
    }
    raiseWatermark(connection, "block_slot_watermark", id, highestPruned.getAsLong());
    return delete(connection, "DELETE FROM signed_blocks WHERE validator_id = ? AND slot < " + toDb(cutoff), id);
  }

  private static long pruneAttestations(Connection connection, long id, long keep) throws SQLException {
    OptionalLong newest = singleUint64(connection,
        "SELECT MAX(target_epoch) FROM signed_attestations WHERE validator_id = ?", id);
    if (newest.isEmpty() || Long.compareUnsigned(newest.getAsLong(), keep) < 0) {
      return 0;
    }
    long cutoff = toDb(newest.getAsLong() - keep);
    OptionalLong highestSource = singleUint64(connection,
        "SELECT MAX(source_epoch) FROM signed_attestations WHERE validator_id = ? AND target_epoch < " + cutoff, id);
    if (highestSource.isEmpty()) {
      return 0;
    }
    OptionalLong highestTarget = singleUint64(connection,
        "SELECT MAX(target_epoch) FROM signed_attestations WHERE validator_id = ? AND target_epoch < " + cutoff, id);
    raiseWatermark(connection, "attestation_source_watermark", id, highestSource.getAsLong());
    raiseWatermark(connection, "attestation_target_watermark", id, highestTarget.getAsLong());
    return delete(connection,
        "DELETE FROM signed_attestations WHERE validator_id = ? AND target_epoch < " + cutoff, id);
  }

  private static void raiseWatermark(Connection connection, String column, long id, long value)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE validators SET " + column + " = ? WHERE id = ? AND (" + column + " IS NULL OR " + column + " < ?)")) {
      update.setLong(1, toDb(value));
      update.setLong(2, id);
      update.setLong(3, toDb(value));
      update.executeUpdate();
    }
  }

  private static long delete(Connection connection, String sql, long id) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(sql)) {
      delete.setLong(1, id);
      return delete.executeUpdate();
    }
  }

  private static OptionalLong singleUint64(Connection connection, String sql, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? optionalUint64(rs, 1) : OptionalLong.empty();
      }
    }
  }

  static OptionalLong optionalUint64(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(fromDb(value));
  }

  private static Optional<Bytes32> optionalRoot(ResultSet rs, int column) throws SQLException {
    byte[] bytes = rs.getBytes(column);
    return bytes == null ? Optional.empty() : Optional.of(new Bytes32(bytes));
  }
}
