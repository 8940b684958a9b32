-- "Curriculum Vitae" (seed 003); see the SQLite migration 0016.
CREATE TABLE cv (
    id             TEXT PRIMARY KEY,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        BIGINT NOT NULL,
    scadenza       TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    record         TEXT NOT NULL
);
CREATE INDEX cv_filiale ON cv (filiale);
CREATE INDEX cv_scadenza ON cv (scadenza);
CREATE INDEX cv_sha256 ON cv (sha256);
CREATE TABLE cv_file (
    sha256      TEXT PRIMARY KEY,
    formato     TEXT NOT NULL,
    byte        BIGINT NOT NULL,
    testo       TEXT NOT NULL,
    contenuto   BYTEA NOT NULL,
    caricato_da TEXT NOT NULL,
    caricato_il TEXT NOT NULL
);
