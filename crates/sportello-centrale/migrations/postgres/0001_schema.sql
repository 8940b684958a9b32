-- The PostgreSQL schema: SQLite's migrations 0001-0006 in one. Integers are BIGINT
-- (SQLite's are 64-bit), BLOB is BYTEA, and `password_history.rowid` makes explicit the
-- row id SQLite gives every table. Text sorts as SQLite sorts it when the database is
-- created with the C collation (see the README's deployment note).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0), ('tombstone_horizon', 0);

CREATE TABLE branches (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    comune    TEXT NOT NULL,
    provincia TEXT NOT NULL,
    version   BIGINT NOT NULL
);

CREATE TABLE users (
    username            TEXT PRIMARY KEY,
    role                TEXT NOT NULL CHECK (role IN ('master', 'super', 'operatore')),
    codice_fiscale      TEXT UNIQUE,
    password_hash       TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    created_by          TEXT
);

CREATE TABLE user_branches (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    branch   TEXT NOT NULL REFERENCES branches (code),
    PRIMARY KEY (username, branch)
);

CREATE TABLE password_history (
    rowid      BIGSERIAL PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history (username, changed_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);

CREATE TABLE candidates (
    codice_fiscale TEXT PRIMARY KEY,
    branch         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    updated_at     TEXT NOT NULL,
    sap            TEXT NOT NULL,
    fascia_debole  BIGINT,
    categoria      TEXT
);

CREATE TABLE annotations (
    id             TEXT PRIMARY KEY,
    codice_fiscale TEXT NOT NULL,
    branch         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    occurred_on    TEXT,
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX annotations_candidate ON annotations (codice_fiscale);

CREATE TABLE change_log (
    seq        BIGINT PRIMARY KEY,
    entity     BIGINT NOT NULL,
    key        TEXT NOT NULL,
    branch     TEXT NOT NULL,
    state      BIGINT NOT NULL CHECK (state IN (0, 1, 2)),
    changed_at TEXT NOT NULL
);
CREATE UNIQUE INDEX change_log_record ON change_log (entity, key, branch);
CREATE INDEX change_log_branch ON change_log (branch, seq);

CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    username  TEXT NOT NULL,
    last_seq  BIGINT NOT NULL
);

CREATE TABLE mutation_outcomes (
    client_id   TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    mutation_id TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (client_id, seq)
);

CREATE TABLE fasce_deboli_categorie (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    source   TEXT NOT NULL,
    position BIGINT NOT NULL
);
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

CREATE TABLE fd_campagne (
    anno     BIGINT PRIMARY KEY,
    scadenza TEXT NOT NULL
);

CREATE TABLE fd_tipologie (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    position BIGINT NOT NULL
);
INSERT INTO fd_tipologie (code, label, position) VALUES
    ('BASE', 'formazione di base', 1),
    ('PROFESSIONALE', 'formazione professionale', 2),
    ('ON_THE_JOB', 'formazione on the job', 3),
    ('CONTINUA', 'formazione continua', 4),
    ('DIRITTO_MIRATO', 'diritto mirato', 5);

CREATE TABLE fd_progetti (
    codice        TEXT PRIMARY KEY,
    anno          BIGINT NOT NULL REFERENCES fd_campagne (anno),
    tipologia     TEXT NOT NULL REFERENCES fd_tipologie (code),
    titolo        TEXT NOT NULL,
    data_inizio   TEXT NOT NULL,
    aula_omogenea BIGINT NOT NULL,
    branch        TEXT NOT NULL REFERENCES branches (code)
);
CREATE INDEX fd_progetti_anno ON fd_progetti (anno, branch);

CREATE TABLE fd_partecipanti (
    codice_progetto TEXT NOT NULL REFERENCES fd_progetti (codice),
    codice_fiscale  TEXT NOT NULL,
    cognome         TEXT NOT NULL,
    nome            TEXT NOT NULL,
    PRIMARY KEY (codice_progetto, codice_fiscale)
);

CREATE TABLE fd_richieste (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL,
    branches         TEXT NOT NULL,
    anno             BIGINT NOT NULL,
    tipologie        TEXT NOT NULL,
    email_aggiuntiva TEXT,
    stato            TEXT NOT NULL CHECK (stato IN ('in_coda', 'in_lavorazione', 'pronto', 'errore')),
    richiesta_il     TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    completata_il    TEXT,
    righe            BIGINT,
    errore           TEXT,
    file             BYTEA
);
CREATE INDEX fd_richieste_due ON fd_richieste (stato, due_at);

CREATE TABLE fd_caricamenti (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL,
    branches        TEXT NOT NULL,
    idempotency_key TEXT,
    anno            BIGINT NOT NULL REFERENCES fd_campagne (anno),
    nome_file       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    stato           TEXT NOT NULL CHECK (stato IN ('in_coda', 'in_lavorazione', 'elaborato', 'errore')),
    caricato_il     TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    elaborato_il    TEXT,
    righe           BIGINT,
    acquisite       BIGINT,
    scartate        BIGINT,
    errore          TEXT,
    file            BYTEA,
    esito           BYTEA,
    UNIQUE (username, idempotency_key)
);
CREATE INDEX fd_caricamenti_due ON fd_caricamenti (stato, due_at);

CREATE TABLE fd_dichiarazioni (
    codice_fiscale  TEXT NOT NULL,
    codice_progetto TEXT NOT NULL REFERENCES fd_progetti (codice),
    fascia_debole   BIGINT NOT NULL,
    categoria       TEXT REFERENCES fasce_deboli_categorie (code),
    caricamento     TEXT NOT NULL REFERENCES fd_caricamenti (id),
    acquisita_il    TEXT NOT NULL,
    PRIMARY KEY (codice_fiscale, codice_progetto)
);

ALTER TABLE fasce_deboli_categorie ADD COLUMN ritirata_il TEXT;

ALTER TABLE fd_richieste ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX fd_richieste_idempotency ON fd_richieste (username, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

ALTER TABLE fd_richieste ADD COLUMN tentativi BIGINT NOT NULL DEFAULT 0;
ALTER TABLE fd_caricamenti ADD COLUMN tentativi BIGINT NOT NULL DEFAULT 0;
