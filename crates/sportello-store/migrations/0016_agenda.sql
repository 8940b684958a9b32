-- 0016: the CPIs' desks and the appointments (seed 003), kept as documents are:
-- `server` the server's record (NULL for one made here and not confirmed yet),
-- `record` with the pending changes applied; `version` the server's (0: only here).
-- `inizio` is the desk's wall-clock time, `YYYY-MM-DDTHH:MM:SS`.
CREATE TABLE sportelli (
    id      TEXT PRIMARY KEY NOT NULL,
    filiale TEXT NOT NULL,
    version INTEGER NOT NULL,
    server  TEXT CHECK (server IS NULL OR json_valid(server)),
    record  TEXT NOT NULL CHECK (json_valid(record))
) STRICT;

CREATE TABLE prenotazioni (
    id             TEXT PRIMARY KEY NOT NULL,
    sportello      TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    inizio         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX prenotazioni_sportello ON prenotazioni (sportello, inizio);
CREATE INDEX prenotazioni_cittadino ON prenotazioni (codice_fiscale);
