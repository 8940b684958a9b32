-- The daily cross-branch reports of the signed-in super or master user (issue 17),
-- kept for offline reading: record is the server's wire JSON. No personal data.
CREATE TABLE report_giornalieri (
    giorno      TEXT PRIMARY KEY,
    generato_il TEXT NOT NULL,
    programmato INTEGER NOT NULL,
    record      TEXT NOT NULL,
    -- Opened by the user (the Cruscotto announces the unread ones).
    letto       INTEGER NOT NULL DEFAULT 0
) STRICT;
