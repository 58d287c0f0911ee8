-- Freshness witness (docs/tee.md section 3): what this Vigil was told, per signer identity and per
-- key, of the highest block slot and attestation source and target another signer has signed.
-- Values only rise. uint64 columns hold value - 2^63, as in V1. Never any key material.
CREATE TABLE witnessed_signers (
  signer_identity TEXT PRIMARY KEY,
  genesis_validators_root BLOB NOT NULL
);

CREATE TABLE witnessed_highs (
  signer_identity TEXT NOT NULL REFERENCES witnessed_signers (signer_identity),
  pubkey BLOB NOT NULL,
  block_slot INTEGER,
  attestation_source INTEGER,
  attestation_target INTEGER,
  PRIMARY KEY (signer_identity, pubkey)
) WITHOUT ROWID;
