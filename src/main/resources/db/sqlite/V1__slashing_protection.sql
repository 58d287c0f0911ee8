-- Slashing protection (EIP-3076, complete history). Every uint64 column holds value - 2^63 (sign bit
-- flipped) so that SQL's signed 64-bit order is the uint64 order. A NULL signing_root means
-- "signed, root unknown" (imported without one, or merged from conflicting roots).
CREATE TABLE metadata (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  genesis_validators_root BLOB NOT NULL
);

CREATE TABLE validators (
  id INTEGER PRIMARY KEY,
  pubkey BLOB NOT NULL UNIQUE,
  block_slot_watermark INTEGER,
  attestation_source_watermark INTEGER,
  attestation_target_watermark INTEGER
);

CREATE TABLE signed_blocks (
  validator_id INTEGER NOT NULL REFERENCES validators (id),
  slot INTEGER NOT NULL,
  signing_root BLOB,
  PRIMARY KEY (validator_id, slot)
) WITHOUT ROWID;

CREATE TABLE signed_attestations (
  validator_id INTEGER NOT NULL REFERENCES validators (id),
  source_epoch INTEGER NOT NULL,
  target_epoch INTEGER NOT NULL,
  signing_root BLOB,
  PRIMARY KEY (validator_id, target_epoch, source_epoch)
) WITHOUT ROWID;

CREATE INDEX signed_attestations_by_source ON signed_attestations (validator_id, source_epoch);
