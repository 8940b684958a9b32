-- 0009: secondary indexes set aside during a first load (see `bulk.rs`).
--
-- Seventeen indexes on `candidates` (and one per child table) make each row written
-- one by one cost seventeen B-tree insertions at random places, each page of them
-- encrypted and authenticated again when it leaves the cache. A first load into an
-- empty store drops them, keeping their definitions here in the same transaction, and
-- builds them once, sorted, when the load completes. Until then searches are right,
-- only slower.
CREATE TABLE suspended_indexes (
    name TEXT PRIMARY KEY NOT NULL,
    sql  TEXT NOT NULL
) STRICT;
