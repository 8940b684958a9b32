-- 0010: the fasce-deboli tables take the server's Italian names (fd_richieste,
-- fd_caricamenti…), one language per concept across client and server. Renaming
-- keeps every row; SQLite rewrites the foreign keys that name a renamed table.
ALTER TABLE fd_categories RENAME TO fd_categorie;
ALTER TABLE fd_campaigns RENAME TO fd_campagne;
ALTER TABLE fd_requests RENAME TO fd_richieste;
ALTER TABLE fd_participants RENAME TO fd_partecipanti;
ALTER TABLE fd_uploads RENAME TO fd_caricamenti;
DROP INDEX fd_uploads_anno;
CREATE INDEX fd_caricamenti_anno ON fd_caricamenti (anno, submitted_at);
