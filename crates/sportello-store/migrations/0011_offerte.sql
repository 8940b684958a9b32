-- 0011: offers, expressions of interest and refusals (seed 001), and the server's
-- coded lists for them. `server` is the server's record (wire JSON; NULL for one made
-- here and not confirmed yet), `record` the same with the operator's pending changes
-- applied, as lists show it; the columns beside them are what lists filter on.
-- `version` is the server's (0: not on the server yet); `codice` is NULL until the
-- server assigns it. Rowid tables: rows go in arrival order, and only the small index
-- of the random UUIDs takes random inserts (a WITHOUT ROWID table keyed by them made a
-- pull of 100,000 interests ten times slower).
CREATE TABLE offerte (
    id                 TEXT PRIMARY KEY NOT NULL,
    filiale            TEXT NOT NULL,
    codice             TEXT,
    stato              TEXT NOT NULL,
    fine_pubblicazione TEXT NOT NULL,
    qualifica          TEXT NOT NULL,
    tipo_offerta       TEXT NOT NULL,
    tipo_contratto     TEXT NOT NULL,
    -- Provinces of the sedi, space-separated and padded: ' FI PO '.
    province           TEXT NOT NULL,
    version            INTEGER NOT NULL,
    server             TEXT CHECK (server IS NULL OR json_valid(server)),
    record             TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX offerte_filiale ON offerte (filiale);
CREATE UNIQUE INDEX offerte_codice ON offerte (codice) WHERE codice IS NOT NULL;

CREATE TABLE interessi (
    id             TEXT PRIMARY KEY NOT NULL,
    offerta        TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    data           TEXT NOT NULL,
    stato          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX interessi_offerta ON interessi (offerta, data);
CREATE INDEX interessi_cf ON interessi (codice_fiscale);
CREATE INDEX interessi_filiale ON interessi (filiale, data);

-- `inviato`: 0 while the refusal waits in the outbox.
CREATE TABLE rifiuti (
    id             TEXT PRIMARY KEY NOT NULL,
    offerta        TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    data           TEXT NOT NULL,
    inviato        INTEGER NOT NULL CHECK (inviato IN (0, 1)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX rifiuti_offerta ON rifiuti (offerta);
CREATE INDEX rifiuti_cf ON rifiuti (codice_fiscale);

CREATE TABLE offerte_voci (
    lista       TEXT NOT NULL,
    codice      TEXT NOT NULL,
    descrizione TEXT NOT NULL,
    posizione   INTEGER NOT NULL,
    PRIMARY KEY (lista, codice)
) STRICT, WITHOUT ROWID;
