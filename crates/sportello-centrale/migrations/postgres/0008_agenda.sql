-- Appointments (seed 003); see the SQLite migration 0013.
CREATE TABLE sportelli (
    id      TEXT PRIMARY KEY,
    filiale TEXT NOT NULL REFERENCES branches (code),
    version BIGINT NOT NULL,
    record  TEXT NOT NULL
);

CREATE TABLE prenotazioni (
    id             TEXT PRIMARY KEY,
    sportello      TEXT NOT NULL REFERENCES sportelli (id),
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    inizio         TEXT NOT NULL,
    fine           TEXT NOT NULL,
    occupa         BIGINT NOT NULL,
    version        BIGINT NOT NULL,
    record         TEXT NOT NULL
);
CREATE INDEX prenotazioni_sportello ON prenotazioni (sportello, inizio);
CREATE INDEX prenotazioni_cittadino ON prenotazioni (codice_fiscale);
