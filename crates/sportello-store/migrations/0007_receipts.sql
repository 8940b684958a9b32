-- 0007: receipts (ricevute) for what the operator submitted on a citizen's or the
-- agency's behalf: kept to be listed, reopened and reprinted.
--
-- `number` is unique and given in the same transaction as the row (it is made from
-- `id`, so it is NULL only inside that transaction). `content` holds what the receipt
-- says, as the app layer shaped it (JSON); the columns beside it are what lists and
-- look-ups need.
CREATE TABLE receipts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    number          TEXT UNIQUE,
    issued_at       TEXT NOT NULL,
    operator        TEXT NOT NULL,
    branch          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    file_sha256     TEXT,
    acknowledgement TEXT,
    content         TEXT NOT NULL CHECK (json_valid(content))
) STRICT;
CREATE INDEX receipts_issued_at ON receipts (issued_at);
