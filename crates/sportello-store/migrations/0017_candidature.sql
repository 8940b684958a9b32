-- 0017: applications (seed 003, "Candidature"), as documents are kept: `server` the
-- server's record (NULL for one made here and not confirmed yet), `record` with the
-- pending changes applied; `version` the server's (0: not on the server yet). `data`
-- the application's day (YYYY-MM-DD), `esito` its outcome code, for the lists' filters.
CREATE TABLE candidature (
    id             TEXT PRIMARY KEY NOT NULL,
    offerta        TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    data           TEXT NOT NULL,
    esito          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX candidature_offerta ON candidature (offerta);
CREATE INDEX candidature_cittadino ON candidature (codice_fiscale);
