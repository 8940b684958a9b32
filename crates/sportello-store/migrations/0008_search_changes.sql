-- 0008: the change log the in-memory search index follows (see `search_index.rs`).
--
-- Searches are answered from a copy of the candidates' filtered and sorted columns held
-- in memory by each open store. Every write to `candidates`, from any connection (the
-- desktop syncs on a connection of its own), leaves the candidate's id here; a search
-- first applies the entries after the last one its copy has seen, so the copy never
-- answers from stale rows. The log keeps the last 200,000 entries: a copy further behind
-- than that is rebuilt. Child rows (licences, languages, policies) and the keyword index
-- are only ever rewritten together with their candidates row, so its entry covers them.

CREATE TABLE search_changes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL
);

CREATE TRIGGER candidates_logged_insert AFTER INSERT ON candidates BEGIN
    INSERT INTO search_changes (candidate_id) VALUES (new.id);
END;

CREATE TRIGGER candidates_logged_update AFTER UPDATE ON candidates BEGIN
    INSERT INTO search_changes (candidate_id) VALUES (old.id);
    INSERT INTO search_changes (candidate_id) SELECT new.id WHERE new.id <> old.id;
END;

CREATE TRIGGER candidates_logged_delete AFTER DELETE ON candidates BEGIN
    INSERT INTO search_changes (candidate_id) VALUES (old.id);
END;

CREATE TRIGGER search_changes_bounded AFTER INSERT ON search_changes
WHEN new.seq % 10000 = 0 BEGIN
    DELETE FROM search_changes WHERE seq <= new.seq - 200000;
END;
