-- The sandbox server's own database. Additive migrations only; each file runs in one
-- transaction and bumps PRAGMA user_version.

-- Counters and identity: 'change_seq' (the last change sequence number handed out),
-- 'tombstone_horizon' (tombstones at or below it were purged), 'instance' (random per
-- database, so a cursor from another database is refused).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('change_seq', 0), ('tombstone_horizon', 0);

CREATE TABLE branches (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    comune    TEXT NOT NULL,
    provincia TEXT NOT NULL,
    version   INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
    username            TEXT PRIMARY KEY,
    role                TEXT NOT NULL CHECK (role IN ('master', 'super', 'operatore')),
    codice_fiscale      TEXT UNIQUE,
    password_hash       TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    created_by          TEXT
) STRICT;

CREATE TABLE user_branches (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    branch   TEXT NOT NULL REFERENCES branches (code),
    PRIMARY KEY (username, branch)
) STRICT, WITHOUT ROWID;

-- The last passwords of each user, the current one included (Argon2id PHC strings).
CREATE TABLE password_history (
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX password_history_user ON password_history (username, changed_at);

-- Bearer tokens, by their BLAKE2s hash: the token itself is never stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (username);

-- Candidates: the SAP record as JSON (sportello_core::Candidate), its branch repeated
-- as a column for scope checks, and the fascia-debole declaration.
CREATE TABLE candidates (
    codice_fiscale TEXT PRIMARY KEY,
    branch         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    updated_at     TEXT NOT NULL,
    sap            TEXT NOT NULL,
    fascia_debole  INTEGER,
    categoria      TEXT
) STRICT;

CREATE TABLE annotations (
    id             TEXT PRIMARY KEY,
    codice_fiscale TEXT NOT NULL,
    branch         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    occurred_on    TEXT,
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX annotations_candidate ON annotations (codice_fiscale);

-- One row per (entity, key, branch): the latest change of that record as seen from that
-- branch. seq is the server-wide change sequence number (unique, assigned inside the
-- write transaction). state: 0 present, 1 moved to another branch, 2 deleted.
-- entity: 0 branch, 1 candidate, 2 annotation.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    entity     INTEGER NOT NULL,
    key        TEXT NOT NULL,
    branch     TEXT NOT NULL,
    state      INTEGER NOT NULL CHECK (state IN (0, 1, 2)),
    changed_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX change_log_record ON change_log (entity, key, branch);
CREATE INDEX change_log_branch ON change_log (branch, seq);

-- Push bookkeeping: per client the last applied seq, and the outcome of each mutation,
-- written in the same transaction as the mutation's effect.
CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    username  TEXT NOT NULL,
    last_seq  INTEGER NOT NULL
) STRICT;

CREATE TABLE mutation_outcomes (
    client_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    mutation_id TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (client_id, seq)
) STRICT, WITHOUT ROWID;

-- Fasce-deboli categories (domain.md, seed 000): server data the client caches.
CREATE TABLE fasce_deboli_categorie (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    source   TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;
INSERT INTO fasce_deboli_categorie (code, label, source, position) VALUES
    ('SVA', 'privo di impiego regolarmente retribuito da almeno 6 mesi', 'Reg. (UE) 651/2014 art. 2(4)(a)', 1),
    ('SVB', 'età compresa tra 15 e 24 anni', 'Reg. (UE) 651/2014 art. 2(4)(b)', 2),
    ('SVC', 'privo di diploma di scuola secondaria superiore o professionale (ISCED 3), o entro 2 anni dalla fine degli studi a tempo pieno senza primo impiego regolare', 'Reg. (UE) 651/2014 art. 2(4)(c)', 3),
    ('SVD', 'età superiore a 50 anni', 'Reg. (UE) 651/2014 art. 2(4)(d)', 4),
    ('SVE', 'adulto che vive solo con una o più persone a carico', 'Reg. (UE) 651/2014 art. 2(4)(e)', 5),
    ('SVF', 'occupato in settore o professione con disparità di genere ≥ 25 %, del genere sottorappresentato', 'Reg. (UE) 651/2014 art. 2(4)(f)', 6),
    ('SVG', 'membro di una minoranza etnica che necessita di migliorare la propria formazione', 'Reg. (UE) 651/2014 art. 2(4)(g)', 7),
    ('MSV', 'molto svantaggiato: privo di impiego da almeno 24 mesi, o da almeno 12 mesi e in una delle categorie SVB–SVG', 'Reg. (UE) 651/2014 art. 2(99)', 8),
    ('DIS', 'lavoratore con disabilità (L. 68/1999, collocamento mirato)', 'Reg. (UE) 651/2014 art. 2(3); L. 68/1999', 9);
