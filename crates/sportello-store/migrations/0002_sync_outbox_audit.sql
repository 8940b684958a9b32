-- 0002: sync state, the outbox and the audit log.
--
-- Unlike the cache of 0001, the outbox holds the operator's own work that the server
-- has not acknowledged yet: it is the one thing here that must never be lost.

-- One cursor per sync scope (e.g. "candidates:FI01").
CREATE TABLE sync_state (
    scope        TEXT PRIMARY KEY NOT NULL,
    cursor       TEXT NOT NULL,
    last_sync_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Local changes waiting for the server, in the order they were made. AUTOINCREMENT
-- keeps `seq` monotonic for this client even after applied rows are removed.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id     TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    record_key      TEXT NOT NULL,
    base_version    INTEGER,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_attempt_at TEXT,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'rejected', 'conflict'))
) STRICT;
CREATE INDEX outbox_state_seq ON outbox (state, seq);
CREATE INDEX outbox_record_key ON outbox (record_key);

-- When personal data leaves the store (export, print): who, what, when.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    operator TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    details  TEXT NOT NULL CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
