-- The training-course catalogue (seed 004). Each course is kept whole as its wire JSON
-- in `record`; the columns beside it are what queries filter on. `users.ente` is the
-- provider (codice fiscale) an account acts for.
-- The new role `validatore` needs the role check widened: SQLite rebuilds the table
-- (migrate() runs with foreign keys off and checks them after).
CREATE TABLE users_new (
    username             TEXT PRIMARY KEY,
    role                 TEXT NOT NULL CHECK (role IN ('master', 'super', 'operatore', 'validatore')),
    codice_fiscale       TEXT UNIQUE,
    password_hash        TEXT NOT NULL,
    password_changed_at  TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled_at          TEXT,
    last_access_at       TEXT,
    email                TEXT,
    ente                 TEXT
) STRICT;
INSERT INTO users_new (username, role, codice_fiscale, password_hash, password_changed_at,
                       created_at, created_by, must_change_password, disabled_at, last_access_at, email)
SELECT username, role, codice_fiscale, password_hash, password_changed_at,
       created_at, created_by, must_change_password, disabled_at, last_access_at, email
FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE corsi (
    id             TEXT PRIMARY KEY,
    codice         INTEGER NOT NULL UNIQUE,
    ente           TEXT NOT NULL,
    identificativo TEXT NOT NULL,
    stato          TEXT NOT NULL,
    catalogo       INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    record         TEXT NOT NULL,
    UNIQUE (ente, identificativo)
) STRICT;
CREATE INDEX corsi_stato ON corsi (stato);
CREATE INDEX corsi_catalogo ON corsi (catalogo);

INSERT INTO counters (name, value) VALUES ('corso_codice', 0), ('corsi_versione', 0);
