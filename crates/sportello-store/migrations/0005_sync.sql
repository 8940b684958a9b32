-- 0005: what the sync engine keeps beside the candidate cache of 0001.
--
-- Annotations and fascia-debole declarations are server records too (a cache). The
-- bases and conflicts belong to the operator's unsynced work, like the outbox.

-- Annotations on candidates (seed 001), keyed by the id the writing client chose.
CREATE TABLE candidate_annotations (
    id             TEXT PRIMARY KEY NOT NULL,
    codice_fiscale TEXT NOT NULL,
    branch         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    occurred_on    TEXT,
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_annotations_cf ON candidate_annotations (codice_fiscale, created_at);
CREATE INDEX candidate_annotations_branch ON candidate_annotations (branch);

-- The fascia-debole declaration of a candidate (seed 000), when one was made.
CREATE TABLE candidate_fasce_deboli (
    codice_fiscale TEXT PRIMARY KEY NOT NULL,
    fascia_debole  INTEGER NOT NULL CHECK (fascia_debole IN (0, 1)),
    categoria      TEXT
) STRICT, WITHOUT ROWID;

-- The server's copy of a candidate the operator has changed locally and the server has
-- not confirmed yet. The cached row shows base + pending mutations; when the server's
-- record arrives (pull, conflict) the base is replaced and the mutations re-applied.
CREATE TABLE candidate_bases (
    codice_fiscale TEXT PRIMARY KEY NOT NULL,
    version        INTEGER NOT NULL,
    updated_at     TEXT NOT NULL,
    record         TEXT NOT NULL CHECK (json_valid(record)),
    fascia_debole  INTEGER CHECK (fascia_debole IN (0, 1)),
    categoria      TEXT
) STRICT, WITHOUT ROWID;

-- A mutation the server answered with a conflict: the local change and the server's
-- record, for the operator to resolve. `seq` is the outbox entry (state 'conflict').
CREATE TABLE sync_conflicts (
    seq            INTEGER PRIMARY KEY NOT NULL,
    record_key     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    local_payload  TEXT NOT NULL CHECK (json_valid(local_payload)),
    server_version INTEGER NOT NULL,
    server_record  TEXT NOT NULL CHECK (json_valid(server_record)),
    detected_at    TEXT NOT NULL
) STRICT;

-- Records met during a pull from zero (first sync, resync, scope change); when it
-- completes, cached records not met are gone from the server's view and are dropped.
CREATE TABLE sync_seen (
    entity TEXT NOT NULL,
    key    TEXT NOT NULL,
    PRIMARY KEY (entity, key)
) STRICT, WITHOUT ROWID;
