-- Documents to sign (seed 003): each kept whole as its wire JSON in `record`, with the
-- columns queries filter on; the practice number from a counter.
CREATE TABLE documenti (
    id             TEXT PRIMARY KEY,
    numero         INTEGER NOT NULL UNIQUE,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL REFERENCES branches (code),
    tipo           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL
) STRICT;
CREATE INDEX documenti_cittadino ON documenti (codice_fiscale);

INSERT INTO counters (name, value) VALUES ('documento_numero', 0);
