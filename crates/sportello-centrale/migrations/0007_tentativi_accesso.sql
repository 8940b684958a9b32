-- 0007: failed logins live in the database, so every server instance sharing it
-- counts the same attempts (they were in each process's memory). A key is a hash of
-- "utente:<username>" or "indirizzo:<address>": no address is stored in clear.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures (key, at);
