-- Applications (seed 003, "Candidature"): each kept whole as its wire JSON in `record`
-- beside the columns queries filter on; one per citizen and offer.
CREATE TABLE candidature (
    id             TEXT PRIMARY KEY,
    offerta        TEXT NOT NULL REFERENCES offerte (id),
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL,
    UNIQUE (offerta, codice_fiscale)
) STRICT;
CREATE INDEX candidature_cittadino ON candidature (codice_fiscale);
