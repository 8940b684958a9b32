-- Appointments (seed 003): the CPIs' desks with their availability and the bookings,
-- each kept whole as its wire JSON in `record` beside the columns queries filter on.
-- Times are the desk's wall-clock times, `YYYY-MM-DDTHH:MM:SS`, compared as text.
CREATE TABLE sportelli (
    id      TEXT PRIMARY KEY,
    filiale TEXT NOT NULL REFERENCES branches (code),
    version INTEGER NOT NULL,
    record  TEXT NOT NULL
) STRICT;

CREATE TABLE prenotazioni (
    id             TEXT PRIMARY KEY,
    sportello      TEXT NOT NULL REFERENCES sportelli (id),
    filiale        TEXT NOT NULL REFERENCES branches (code),
    codice_fiscale TEXT NOT NULL,
    inizio         TEXT NOT NULL,
    fine           TEXT NOT NULL,
    -- 1 while the booking holds its time.
    occupa         INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL
) STRICT;
CREATE INDEX prenotazioni_sportello ON prenotazioni (sportello, inizio);
CREATE INDEX prenotazioni_cittadino ON prenotazioni (codice_fiscale);
