-- 0006: the change sequence and the tombstone horizon move from `meta` (a key-value
-- table of any type) to `counters`, integers only, as PostgreSQL's schema has them.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
INSERT INTO counters (name, value)
    SELECT key, value FROM meta WHERE key IN ('change_seq', 'tombstone_horizon');
DELETE FROM meta WHERE key IN ('change_seq', 'tombstone_horizon');
