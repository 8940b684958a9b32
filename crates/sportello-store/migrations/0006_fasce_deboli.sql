-- 0006: fasce deboli (seed 000). The server's lists as last fetched, the requests of
-- the FTWeb participants file, the participants downloaded with the operator's
-- declarations (the working copy filled in the app or in a spreadsheet), and the
-- uploads with their outcome. Participants are keyed by campaign year, codice fiscale
-- and project: an upload covers a year, and two requests of the same year (different
-- tipologie) add up rather than replace each other.

CREATE TABLE fd_categories (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE fd_tipologie (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE fd_campaigns (
    anno INTEGER PRIMARY KEY,
    scadenza TEXT NOT NULL,
    aperta INTEGER NOT NULL CHECK (aperta IN (0, 1))
) STRICT;

-- `id` is made here when the operator asks, so a request queued offline has an
-- identity (and an idempotency key) before the server knows it.
CREATE TABLE fd_requests (
    id TEXT PRIMARY KEY,
    server_id TEXT UNIQUE,
    anno INTEGER NOT NULL,
    tipologie TEXT NOT NULL,
    email TEXT,
    stato TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    completed_at TEXT,
    righe INTEGER,
    errore TEXT,
    downloaded_at TEXT
) STRICT;

CREATE TABLE fd_participants (
    anno INTEGER NOT NULL,
    codice_fiscale TEXT NOT NULL,
    codice_progetto TEXT NOT NULL,
    request_id TEXT NOT NULL REFERENCES fd_requests (id),
    tipologia TEXT NOT NULL,
    titolo TEXT NOT NULL,
    data_inizio TEXT NOT NULL,
    aula_omogenea INTEGER NOT NULL CHECK (aula_omogenea IN (0, 1)),
    cognome TEXT NOT NULL,
    nome TEXT NOT NULL,
    fascia_debole TEXT CHECK (fascia_debole IN ('SI', 'NO')),
    categoria TEXT,
    declared_at TEXT,
    PRIMARY KEY (anno, codice_fiscale, codice_progetto)
) STRICT, WITHOUT ROWID;

-- `id` is also the Idempotency-Key of the upload: a retry after a crash or a timeout
-- sends the same key and the server answers the same upload.
CREATE TABLE fd_uploads (
    id TEXT PRIMARY KEY,
    server_id TEXT UNIQUE,
    anno INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file BLOB NOT NULL,
    stato TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    processed_at TEXT,
    righe INTEGER,
    acquisite INTEGER,
    scartate INTEGER,
    errore TEXT,
    outcome TEXT
) STRICT;
CREATE INDEX fd_uploads_anno ON fd_uploads (anno, submitted_at);
