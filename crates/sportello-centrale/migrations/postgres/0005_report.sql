-- SQLite's 0010: the daily cross-branch report (see there).
ALTER TABLE candidates ADD COLUMN created_at TEXT;
CREATE INDEX candidates_branch_created ON candidates (branch, created_at);

ALTER TABLE rifiuti ADD COLUMN registrato_il TEXT;
UPDATE rifiuti SET registrato_il = record::json->>'registrato_il';
CREATE INDEX rifiuti_registrato ON rifiuti (registrato_il, filiale);

CREATE INDEX interessi_filiale_stato ON interessi (filiale, stato);
CREATE INDEX offerte_report ON offerte (filiale, stato, fine_pubblicazione);

ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE report_giornalieri (
    destinatario TEXT NOT NULL,
    giorno       TEXT NOT NULL,
    generato_il  TEXT NOT NULL,
    programmato  INTEGER NOT NULL,
    record       TEXT NOT NULL,
    PRIMARY KEY (destinatario, giorno)
);

CREATE TABLE posta_in_uscita (
    id           BIGSERIAL PRIMARY KEY,
    destinatario TEXT NOT NULL,
    indirizzo    TEXT,
    oggetto      TEXT NOT NULL,
    corpo        TEXT NOT NULL,
    creata_il    TEXT NOT NULL,
    inviata_il   TEXT
);
