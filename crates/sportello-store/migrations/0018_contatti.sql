-- 0018: "Contatta CPI" requests (seed 003), as documents are kept: `server` the
-- server's record (NULL for one made here and not confirmed yet), `record` with the
-- pending changes applied; `aperto` 1 until the request is answered.
CREATE TABLE contatti (
    id             TEXT PRIMARY KEY NOT NULL,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    aperto         INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX contatti_cittadino ON contatti (codice_fiscale);
