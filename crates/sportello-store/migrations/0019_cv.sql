-- 0019: CVs (seed 003), kept as documents are: `server` the server's record (NULL for
-- one made here and not confirmed yet), `record` with the pending changes applied.
-- `consenso` and `scadenza` (YYYY-MM-DD, the day it is deleted) as shown.
CREATE TABLE cv (
    id             TEXT PRIMARY KEY NOT NULL,
    codice_fiscale TEXT NOT NULL,
    filiale        TEXT NOT NULL,
    consenso       INTEGER NOT NULL,
    scadenza       TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    server         TEXT CHECK (server IS NULL OR json_valid(server)),
    record         TEXT NOT NULL CHECK (json_valid(record))
) STRICT;
CREATE INDEX cv_cittadino ON cv (codice_fiscale);
CREATE INDEX cv_scadenza ON cv (scadenza);
-- The files this client holds: uploaded here (until sent, and after) or downloaded.
CREATE TABLE cv_file (
    sha256    TEXT PRIMARY KEY NOT NULL,
    contenuto BLOB NOT NULL
) STRICT;
-- The text of each consenting CV, folded and stemmed as the candidates' keywords
-- (rowid = cv.rowid), for the keyword search; a CV without consent has no row.
CREATE VIRTUAL TABLE cv_keywords USING fts5 (
    keywords,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- A CV that goes takes its index row, and its file when no CV names it any more.
CREATE TRIGGER cv_gone AFTER DELETE ON cv BEGIN
    DELETE FROM cv_keywords WHERE rowid = old.rowid;
    DELETE FROM cv_file WHERE sha256 = old.sha256
        AND NOT EXISTS (SELECT 1 FROM cv WHERE sha256 = old.sha256);
END;
CREATE TRIGGER cv_file_replaced AFTER UPDATE OF sha256 ON cv WHEN old.sha256 <> new.sha256 BEGIN
    DELETE FROM cv_file WHERE sha256 = old.sha256
        AND NOT EXISTS (SELECT 1 FROM cv WHERE sha256 = old.sha256);
END;
-- A CV written or gone changes what the keyword search finds for its citizen: logged
-- like a change of the candidate (see 0008), so the in-memory search copy catches up.
CREATE TRIGGER cv_search_insert AFTER INSERT ON cv BEGIN
    INSERT INTO search_changes (candidate_id)
        SELECT id FROM candidates WHERE codice_fiscale = new.codice_fiscale;
END;
CREATE TRIGGER cv_search_update AFTER UPDATE ON cv BEGIN
    INSERT INTO search_changes (candidate_id)
        SELECT id FROM candidates WHERE codice_fiscale IN (old.codice_fiscale, new.codice_fiscale);
END;
CREATE TRIGGER cv_search_delete AFTER DELETE ON cv BEGIN
    INSERT INTO search_changes (candidate_id)
        SELECT id FROM candidates WHERE codice_fiscale = old.codice_fiscale;
END;
