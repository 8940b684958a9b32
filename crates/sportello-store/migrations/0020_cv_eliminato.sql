-- 0020: a CV deleted here and not yet confirmed by the server keeps the server's
-- record (the server may refuse the deletion) but leaves the lists and the keyword
-- search: `eliminato` = 1 until the push's answer.
ALTER TABLE cv ADD COLUMN eliminato INTEGER NOT NULL DEFAULT 0 CHECK (eliminato IN (0, 1));
