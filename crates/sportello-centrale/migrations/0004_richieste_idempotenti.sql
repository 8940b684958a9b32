-- A request of the participants file may carry an Idempotency-Key (the client's local
-- id): sent again after a lost answer, it gets the same request back.
ALTER TABLE fd_richieste ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX fd_richieste_idempotency ON fd_richieste (username, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
