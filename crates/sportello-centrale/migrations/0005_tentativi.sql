-- 0005: how many times a job was taken up. A job interrupted again and again (a file
-- that kills the worker, a bug) is failed after MAX_ATTEMPTS instead of being requeued
-- at every start for ever.
ALTER TABLE fd_richieste ADD COLUMN tentativi INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fd_caricamenti ADD COLUMN tentativi INTEGER NOT NULL DEFAULT 0;
