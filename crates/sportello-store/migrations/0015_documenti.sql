-- 0015: documents to sign (seed 003), as offers are kept: `server` the server's record
-- (NULL for one made here and not confirmed yet), `record` with the pending changes
-- applied; `version` the server's (0: not on the server yet).
CREATE TABLE documenti (
    id             TEXT PRIMARY KEY NOT NULL,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    stato          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX documenti_cittadino ON documenti (codice_fiscale);
