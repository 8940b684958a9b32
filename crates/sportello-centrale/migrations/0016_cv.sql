-- "Curriculum Vitae" (seed 003): each CV kept whole as its wire JSON in `record` beside
-- the columns queries filter on; `scadenza` (YYYY-MM-DD) is the day it is deleted.
CREATE TABLE cv (
    id             TEXT PRIMARY KEY,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        INTEGER NOT NULL,
    scadenza       TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    record         TEXT NOT NULL
) STRICT;
CREATE INDEX cv_filiale ON cv (filiale);
CREATE INDEX cv_scadenza ON cv (scadenza);
CREATE INDEX cv_sha256 ON cv (sha256);
-- The files, by hash: uploaded before the push that names them, kept while a CV does.
-- `contenuto` is sealed with the server's file key (nonce, then ciphertext and tag).
CREATE TABLE cv_file (
    sha256      TEXT PRIMARY KEY,
    formato     TEXT NOT NULL,
    byte        INTEGER NOT NULL,
    testo       TEXT NOT NULL,
    contenuto   BLOB NOT NULL,
    caricato_da TEXT NOT NULL,
    caricato_il TEXT NOT NULL
) STRICT;
