-- SQLite's 0009: accounts a master manages (see there).
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN last_access_at TEXT;

CREATE TABLE user_events (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    what     TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX user_events_user ON user_events (username, at);

ALTER TABLE branches ADD COLUMN pad INTEGER NOT NULL DEFAULT 1;
CREATE TABLE pad_events (
    id     BIGSERIAL PRIMARY KEY,
    branch TEXT NOT NULL,
    at     TEXT NOT NULL,
    by     TEXT NOT NULL,
    pad    INTEGER NOT NULL
);
CREATE INDEX pad_events_branch ON pad_events (branch, at);
