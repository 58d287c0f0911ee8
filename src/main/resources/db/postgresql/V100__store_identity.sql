-- A random identity written once, when the schema is created (or first migrated to this version).
-- A running signer compares it inside every decision: a schema dropped and created anew under it
-- (by another signer, a restore, a wrong URL behind a proxy) has another one, and nothing more is
-- signed. SQLite compares the database file's identity instead.
CREATE TABLE store_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  store_id TEXT NOT NULL
);

INSERT INTO store_identity (id, store_id) VALUES (1, md5(random()::text || clock_timestamp()::text));
