package dev.vigil.protection;

import static dev.vigil.protection.ProtectionDatabase.toDb;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of a {@link Repair}, the same on both stores; the caller holds the locks and the transaction. */
final class WatermarkRepair {
  private static final String[] EPOCH_WATERMARKS = {"attestation_source_watermark", "attestation_target_watermark"};

  private WatermarkRepair() {}

  static RepairSummary run(Connection connection, Repair repair) throws SQLException {
    List<Long> ids = ids(connection, repair);
    long blocks = 0;
    long attestations = 0;
    long watermarks = 0;
    for (long id : ids) {
      if (repair.aboveSlot().isPresent()) {
        long slot = toDb(repair.aboveSlot().getAsLong());
        blocks += update(connection, "DELETE FROM signed_blocks WHERE validator_id = ? AND slot > ?", id, slot);
        watermarks += lower(connection, "block_slot_watermark", id, slot);
      }
      if (repair.aboveEpoch().isPresent()) {
        long epoch = toDb(repair.aboveEpoch().getAsLong());
        attestations += update(connection,
            "DELETE FROM signed_attestations WHERE validator_id = ? AND (source_epoch > ? OR target_epoch > ?)",
            id, epoch, epoch);
        for (String column : EPOCH_WATERMARKS) {
          watermarks += lower(connection, column, id, epoch);
        }
      }
    }
    Optional<Bytes32> replacedRoot = Optional.empty();
    if (repair.genesisValidatorsRoot().isPresent()) {
      Bytes32 root = repair.genesisValidatorsRoot().get();
      replacedRoot = ProtectionDatabase.readGenesisValidatorsRoot(connection).filter(old -> !old.equals(root));
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE metadata SET genesis_validators_root = ? WHERE id = 1")) {
        update.setBytes(1, root.toArray());
        update.executeUpdate();
      }
      ProtectionDatabase.pinGenesisValidatorsRoot(connection, root);
    }
    return new RepairSummary(ids.size(), blocks, attestations, watermarks, replacedRoot);
  }

  /** The row ids of the repair's keys (every key when none is named); a key not in the store is an error. */
  private static List<Long> ids(Connection connection, Repair repair) throws SQLException {
    List<Long> ids = new ArrayList<>();
    if (repair.pubkeys().isEmpty()) {
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM validators ORDER BY id");
          ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
    for (BLSPubkey pubkey : repair.pubkeys()) {
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM validators WHERE pubkey = ?")) {
        select.setBytes(1, pubkey.toArray());
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException("--pubkey " + pubkey + ": the slashing protection store has no record of this key");
          }
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static long lower(Connection connection, String column, long id, long value) throws SQLException {
    return update(connection, "UPDATE validators SET " + column + " = ? WHERE id = ? AND " + column + " > ?",
        value, id, value);
  }

  private static long update(Connection connection, String sql, long... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }
}
