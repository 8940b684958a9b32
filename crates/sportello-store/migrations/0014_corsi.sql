-- 0014: the training-course catalogue (seed 004) as the signed-in user sees it.
-- `server` is the server's course (wire JSON; NULL for a draft made here and not
-- confirmed yet), `record` the same with the user's pending changes applied; the
-- columns beside them are what lists sort and filter on. No personal data.
CREATE TABLE corsi (
    id        TEXT PRIMARY KEY NOT NULL,
    codice    INTEGER NOT NULL,
    ente      TEXT NOT NULL,
    stato     TEXT NOT NULL,
    titolo    TEXT NOT NULL,
    inizio    TEXT NOT NULL,
    version   INTEGER NOT NULL,
    server    TEXT CHECK (server IS NULL OR json_valid(server)),
    record    TEXT NOT NULL CHECK (json_valid(record))
) STRICT;

-- The catalogue's version the server last answered, for whom, and the provider that
-- user acts for: one row.
CREATE TABLE corsi_catalogo (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    versione INTEGER NOT NULL,
    utente   TEXT NOT NULL,
    ente     TEXT
) STRICT;
