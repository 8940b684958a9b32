-- Applications (seed 003); see the SQLite migration 0014.
CREATE TABLE candidature (
    id             TEXT PRIMARY KEY,
    offerta        TEXT NOT NULL REFERENCES offerte (id),
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        BIGINT NOT NULL,
    record         TEXT NOT NULL,
    UNIQUE (offerta, codice_fiscale)
);
CREATE INDEX candidature_cittadino ON candidature (codice_fiscale);
