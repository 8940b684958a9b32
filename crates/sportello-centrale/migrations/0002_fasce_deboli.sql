-- Fasce deboli (seed 000): campaigns, tipologie, Forma.Temp projects and their
-- participants, the asynchronous requests and uploads, and the acquired declarations.

-- A campaign per year; uploads are accepted through `scadenza` (inclusive, UTC).
CREATE TABLE fd_campagne (
    anno     INTEGER PRIMARY KEY,
    scadenza TEXT NOT NULL
) STRICT;

-- Tipologie formative (domain.md; assumed codes, the server's list is authoritative).
CREATE TABLE fd_tipologie (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;
INSERT INTO fd_tipologie (code, label, position) VALUES
    ('BASE', 'formazione di base', 1),
    ('PROFESSIONALE', 'formazione professionale', 2),
    ('ON_THE_JOB', 'formazione on the job', 3),
    ('CONTINUA', 'formazione continua', 4),
    ('DIRITTO_MIRATO', 'diritto mirato', 5);

-- A Forma.Temp project belongs to a campaign and to a branch of the agency.
CREATE TABLE fd_progetti (
    codice        TEXT PRIMARY KEY,
    anno          INTEGER NOT NULL REFERENCES fd_campagne (anno),
    tipologia     TEXT NOT NULL REFERENCES fd_tipologie (code),
    titolo        TEXT NOT NULL,
    data_inizio   TEXT NOT NULL,
    aula_omogenea INTEGER NOT NULL,
    branch        TEXT NOT NULL REFERENCES branches (code)
) STRICT;
CREATE INDEX fd_progetti_anno ON fd_progetti (anno, branch);

CREATE TABLE fd_partecipanti (
    codice_progetto TEXT NOT NULL REFERENCES fd_progetti (codice),
    codice_fiscale  TEXT NOT NULL,
    cognome         TEXT NOT NULL,
    nome            TEXT NOT NULL,
    PRIMARY KEY (codice_progetto, codice_fiscale)
) STRICT, WITHOUT ROWID;

-- Requests of the participants file. branches: the JSON array of the branches the
-- requesting session saw; the file (xlsx) once ready.
CREATE TABLE fd_richieste (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL,
    branches         TEXT NOT NULL,
    anno             INTEGER NOT NULL,
    tipologie        TEXT NOT NULL,
    email_aggiuntiva TEXT,
    stato            TEXT NOT NULL CHECK (stato IN ('in_coda', 'in_lavorazione', 'pronto', 'errore')),
    richiesta_il     TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    completata_il    TEXT,
    righe            INTEGER,
    errore           TEXT,
    file             BLOB
) STRICT;
CREATE INDEX fd_richieste_due ON fd_richieste (stato, due_at);

-- Uploads. idempotency_key is unique per user; the uploaded bytes are kept until
-- processed, the outcome file after.
CREATE TABLE fd_caricamenti (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL,
    branches        TEXT NOT NULL,
    idempotency_key TEXT,
    anno            INTEGER NOT NULL REFERENCES fd_campagne (anno),
    nome_file       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    stato           TEXT NOT NULL CHECK (stato IN ('in_coda', 'in_lavorazione', 'elaborato', 'errore')),
    caricato_il     TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    elaborato_il    TEXT,
    righe           INTEGER,
    acquisite       INTEGER,
    scartate        INTEGER,
    errore          TEXT,
    file            BLOB,
    esito           BLOB,
    UNIQUE (username, idempotency_key)
) STRICT;
CREATE INDEX fd_caricamenti_due ON fd_caricamenti (stato, due_at);

-- The last acquired declaration per (codice fiscale, project): a later upload's
-- acquired row replaces it.
CREATE TABLE fd_dichiarazioni (
    codice_fiscale  TEXT NOT NULL,
    codice_progetto TEXT NOT NULL REFERENCES fd_progetti (codice),
    fascia_debole   INTEGER NOT NULL,
    categoria       TEXT REFERENCES fasce_deboli_categorie (code),
    caricamento     TEXT NOT NULL REFERENCES fd_caricamenti (id),
    acquisita_il    TEXT NOT NULL,
    PRIMARY KEY (codice_fiscale, codice_progetto)
) STRICT, WITHOUT ROWID;
