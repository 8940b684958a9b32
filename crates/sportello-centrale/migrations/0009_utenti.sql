-- Issue 17: accounts a master manages. A new account's password is one-time
-- (must_change_password = 1 until changed); a disabled account cannot log in; the
-- last successful login is kept for the Utenti list; every change is recorded.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN last_access_at TEXT;

CREATE TABLE user_events (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    -- creata, abilitata, disabilitata, filiali
    what     TEXT NOT NULL,
    detail   TEXT NOT NULL
) STRICT;
CREATE INDEX user_events_user ON user_events (username, at);

-- "Configurazione APL" (seed 001): the branches citizens may choose when they sign
-- the PAD, set by super users, each change recorded.
ALTER TABLE branches ADD COLUMN pad INTEGER NOT NULL DEFAULT 1;
CREATE TABLE pad_events (
    id     INTEGER PRIMARY KEY,
    branch TEXT NOT NULL,
    at     TEXT NOT NULL,
    by     TEXT NOT NULL,
    pad    INTEGER NOT NULL
) STRICT;
CREATE INDEX pad_events_branch ON pad_events (branch, at);
