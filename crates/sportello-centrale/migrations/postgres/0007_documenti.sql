-- Documents to sign (seed 003); see the SQLite migration 0012.
CREATE TABLE documenti (
    id             TEXT PRIMARY KEY,
    numero         BIGINT NOT NULL UNIQUE,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    tipo           TEXT NOT NULL,
    version        BIGINT NOT NULL,
    record         TEXT NOT NULL
);
CREATE INDEX documenti_cittadino ON documenti (codice_fiscale);

INSERT INTO counters (name, value) VALUES ('documento_numero', 0);
