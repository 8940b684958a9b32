-- "Contatta CPI" (seed 003): a citizen's requests when no slot fits, each kept whole as
-- its wire JSON in `record` beside the columns queries filter on.
CREATE TABLE contatti (
    id             TEXT PRIMARY KEY,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL
) STRICT;
CREATE INDEX contatti_filiale ON contatti (filiale);
