-- Issue 17: the daily cross-branch report of super and master users (seed 001).

-- When the central database received each citizen (the report's "new"); unknown for
-- the citizens of earlier versions, which no report counts as new.
ALTER TABLE candidates ADD COLUMN created_at TEXT;
CREATE INDEX candidates_branch_created ON candidates (branch, created_at);

-- When each refusal was filed, as a column the report can range over.
ALTER TABLE rifiuti ADD COLUMN registrato_il TEXT;
UPDATE rifiuti SET registrato_il = json_extract(record, '$.registrato_il');
CREATE INDEX rifiuti_registrato ON rifiuti (registrato_il, filiale);

-- What the report groups by, without reading the records.
CREATE INDEX interessi_filiale_stato ON interessi (filiale, stato);
CREATE INDEX offerte_report ON offerte (filiale, stato, fine_pubblicazione);

-- The address the report is mailed to (optional).
ALTER TABLE users ADD COLUMN email TEXT;

-- One report per user and day; record is its wire JSON (sportello_protocol::report).
CREATE TABLE report_giornalieri (
    destinatario TEXT NOT NULL,
    giorno       TEXT NOT NULL,
    generato_il  TEXT NOT NULL,
    programmato  INTEGER NOT NULL,
    record       TEXT NOT NULL,
    PRIMARY KEY (destinatario, giorno)
) STRICT;

-- Mail waiting for a deployment's sender: each daily report, written in the same
-- transaction as the report. The sandbox only shows it.
CREATE TABLE posta_in_uscita (
    id           INTEGER PRIMARY KEY,
    destinatario TEXT NOT NULL,
    indirizzo    TEXT,
    oggetto      TEXT NOT NULL,
    corpo        TEXT NOT NULL,
    creata_il    TEXT NOT NULL,
    inviata_il   TEXT
) STRICT;
