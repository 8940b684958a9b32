-- The training-course catalogue (seed 004); see the SQLite migration 0011.
ALTER TABLE users ADD COLUMN ente TEXT;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('master', 'super', 'operatore', 'validatore'));

CREATE TABLE corsi (
    id             TEXT PRIMARY KEY,
    codice         BIGINT NOT NULL UNIQUE,
    ente           TEXT NOT NULL,
    identificativo TEXT NOT NULL,
    stato          TEXT NOT NULL,
    catalogo       BIGINT NOT NULL,
    version        BIGINT NOT NULL,
    record         TEXT NOT NULL,
    UNIQUE (ente, identificativo)
);
CREATE INDEX corsi_stato ON corsi (stato);
CREATE INDEX corsi_catalogo ON corsi (catalogo);

INSERT INTO counters (name, value) VALUES ('corso_codice', 0), ('corsi_versione', 0);
