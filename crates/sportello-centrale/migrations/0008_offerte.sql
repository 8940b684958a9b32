-- Offers, expressions of interest and refusals (seed 001). Each record is kept whole
-- as its wire JSON in `record` (a pull splices it in as it is); the columns beside it
-- are what queries filter and join on.
CREATE TABLE offerte_voci (
    lista       TEXT NOT NULL,
    codice      TEXT NOT NULL,
    descrizione TEXT NOT NULL,
    posizione   INTEGER NOT NULL,
    PRIMARY KEY (lista, codice)
) STRICT;

CREATE TABLE offerte (
    id                 TEXT PRIMARY KEY,
    codice             TEXT NOT NULL UNIQUE,
    identificativo     TEXT NOT NULL UNIQUE,
    filiale            TEXT NOT NULL REFERENCES branches (code),
    stato              TEXT NOT NULL,
    fine_pubblicazione TEXT NOT NULL,
    version            INTEGER NOT NULL,
    record             TEXT NOT NULL
) STRICT;
CREATE INDEX offerte_filiale ON offerte (filiale);

CREATE TABLE interessi (
    id             TEXT PRIMARY KEY,
    offerta        TEXT NOT NULL REFERENCES offerte (id),
    filiale        TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    data           TEXT NOT NULL,
    stato          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL,
    UNIQUE (offerta, codice_fiscale)
) STRICT;
CREATE INDEX interessi_filiale_data ON interessi (filiale, data);
CREATE INDEX interessi_offerta_data ON interessi (offerta, data);

CREATE TABLE rifiuti (
    id             TEXT PRIMARY KEY,
    offerta        TEXT NOT NULL REFERENCES offerte (id),
    filiale        TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    record         TEXT NOT NULL
) STRICT;
CREATE INDEX rifiuti_offerta ON rifiuti (offerta);

-- Offer codes count per province ('offerta:FI'), identifiers and refusal protocols
-- across the agency.
INSERT INTO counters (name, value) VALUES ('offerta_identificativo', 0), ('rifiuto_protocollo', 0);

-- The coded lists of offers (seed 003's values; the codes are **assumed**: SIISL's
-- are not public). Server data the client caches; this is their one place.
INSERT INTO offerte_voci (lista, codice, descrizione, posizione) VALUES
    ('tipo_offerta', 'PRESELEZIONE', 'Preselezione', 1),
    ('tipo_offerta', 'PRESELEZIONE_EURES', 'Preselezione Motivazionale EURES', 2),
    ('tipo_offerta', 'PUBBLICHE_AMMINISTRAZIONI', 'Pubbliche amministrazioni', 3),
    ('tipo_offerta', 'COLLOCAMENTO_MIRATO', 'Collocamento mirato - Preselezione', 4),
    ('tipo_contratto', 'TEMPO_DETERMINATO', 'LAVORO A TEMPO DETERMINATO', 1),
    ('tipo_contratto', 'TEMPO_INDETERMINATO', 'LAVORO A TEMPO INDETERMINATO', 2),
    ('tipo_contratto', 'APPRENDISTATO', 'APPRENDISTATO PROFESSIONALIZZANTE O CONTRATTO DI MESTIERE', 3),
    ('tipo_contratto', 'SOMMINISTRAZIONE', 'LAVORO IN SOMMINISTRAZIONE', 4),
    ('tipo_contratto', 'TIROCINIO', 'TIROCINIO EXTRACURRICULARE', 5),
    ('modalita_lavoro', 'FULL_TIME', 'FULL TIME', 1),
    ('modalita_lavoro', 'PART_TIME', 'PART TIME', 2),
    ('modalita_lavoro', 'TURNI', 'A TURNI', 3),
    ('motivo_rifiuto', 'DISTANZA', 'Sede di lavoro troppo distante', 1),
    ('motivo_rifiuto', 'CONTRATTO', 'Tipo o durata del contratto non accettabili', 2),
    ('motivo_rifiuto', 'RETRIBUZIONE', 'Retribuzione non adeguata', 3),
    ('motivo_rifiuto', 'ORARIO', 'Orario di lavoro incompatibile', 4),
    ('motivo_rifiuto', 'MANSIONE', 'Mansione non corrispondente al profilo', 5),
    ('motivo_rifiuto', 'SALUTE', 'Motivi di salute o familiari documentati', 6),
    ('motivo_rifiuto', 'ALTRO', 'Altro motivo (indicato nelle note)', 7);
