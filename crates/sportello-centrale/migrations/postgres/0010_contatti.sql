-- "Contatta CPI" (seed 003); see the SQLite migration 0015.
CREATE TABLE contatti (
    id             TEXT PRIMARY KEY,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        BIGINT NOT NULL,
    record         TEXT NOT NULL
);
CREATE INDEX contatti_filiale ON contatti (filiale);
