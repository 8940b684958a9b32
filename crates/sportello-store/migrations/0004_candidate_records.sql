-- 0004: the SAP records move out of the candidates table.
--
-- A candidates row used to carry the whole SAP record as JSON (about 2.5 KB), so any
-- search or export that read rows read a page per row, decrypting it (seconds for a
-- million). Now `candidates` holds only what searches filter and sort on and what the
-- result table and the usual export columns show, about 200 bytes a row; the record
-- lives in `candidate_records`, read only when a whole record is asked for.
--
-- This rebuilds the table (SQLite cannot drop a column that indexes use): a new table
-- is filled from the old one, row ids kept (the keyword index and the child tables
-- point at them), the old one dropped with its indexes, the new one renamed. It runs in
-- the one migration transaction, with foreign keys off (see `migrations.rs`), so the
-- child rows are not cascaded away with the old table.

CREATE TABLE candidates_narrow (
    id                  INTEGER PRIMARY KEY,
    codice_fiscale      TEXT NOT NULL UNIQUE,
    branch              TEXT NOT NULL,
    surname             TEXT NOT NULL,
    name                TEXT NOT NULL,
    sex                 TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date          TEXT NOT NULL,
    education_rank      INTEGER CHECK (education_rank BETWEEN 0 AND 9),
    -- Places folded like `sportello_core::keywords::fold_place`, for filters.
    residence_comune    TEXT,
    residence_provincia TEXT,
    domicile_comune     TEXT,
    domicile_provincia  TEXT,
    employment_status   TEXT,
    unemployment_months INTEGER,
    did_date            TEXT,
    income_support      INTEGER NOT NULL CHECK (income_support IN (0, 1)),
    collocamento_mirato INTEGER NOT NULL CHECK (collocamento_mirato IN (0, 1)),
    version             INTEGER NOT NULL,
    updated_at          TEXT NOT NULL,
    -- As the SAP writes them, for display: the result table and the default export
    -- columns come from this row alone.
    residence_comune_name    TEXT,
    residence_provincia_name TEXT,
    mobile                   TEXT,
    email                    TEXT
) STRICT;

INSERT INTO candidates_narrow (
    id, codice_fiscale, branch, surname, name, sex, birth_date, education_rank,
    residence_comune, residence_provincia, domicile_comune, domicile_provincia,
    employment_status, unemployment_months, did_date, income_support, collocamento_mirato,
    version, updated_at,
    residence_comune_name, residence_provincia_name, mobile, email
)
SELECT
    id, codice_fiscale, branch, surname, name, sex, birth_date, education_rank,
    residence_comune, residence_provincia, domicile_comune, domicile_provincia,
    employment_status, unemployment_months, did_date, income_support, collocamento_mirato,
    version, updated_at,
    json_extract(record, '$.residence.comune'), json_extract(record, '$.residence.provincia'),
    json_extract(record, '$.contacts.mobile'), json_extract(record, '$.contacts.email')
FROM candidates
ORDER BY id;

-- serde JSON of `sportello_core::Candidate`; one per candidates row, same id.
CREATE TABLE candidate_records (
    candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    record       TEXT NOT NULL
) STRICT;

INSERT INTO candidate_records (candidate_id, record)
SELECT id, record FROM candidates ORDER BY id;

DROP TABLE candidates;
ALTER TABLE candidates_narrow RENAME TO candidates;

-- The single-column indexes of 0001 and the surname/update ones of 0003, as they were.
CREATE INDEX candidates_branch_name ON candidates (branch, surname, name);
CREATE INDEX candidates_birth_date ON candidates (birth_date);
CREATE INDEX candidates_education_rank ON candidates (education_rank);
CREATE INDEX candidates_residence_comune ON candidates (residence_comune);
CREATE INDEX candidates_residence_provincia ON candidates (residence_provincia);
CREATE INDEX candidates_domicile_comune ON candidates (domicile_comune)
    WHERE domicile_comune IS NOT NULL;
CREATE INDEX candidates_domicile_provincia ON candidates (domicile_provincia)
    WHERE domicile_provincia IS NOT NULL;
CREATE INDEX candidates_employment_status ON candidates (employment_status, unemployment_months);
CREATE INDEX candidates_unemployment_months ON candidates (unemployment_months);
CREATE INDEX candidates_did_date ON candidates (did_date);
CREATE INDEX candidates_income_support ON candidates (income_support)
    WHERE income_support = 1;
CREATE INDEX candidates_collocamento_mirato ON candidates (collocamento_mirato)
    WHERE collocamento_mirato = 1;
CREATE INDEX candidates_surname ON candidates (surname, name);
CREATE INDEX candidates_updated_at ON candidates (updated_at);

-- The covering indexes of 0003 (see `search.rs`): a search over a branch or a status
-- reads one range of one of these, never the table. The table itself, keyed by id, is
-- now about as narrow as 0003's id index was, so that one is not rebuilt.
CREATE INDEX candidates_search_branch ON candidates (
    branch, employment_status, birth_date,
    residence_provincia, residence_comune, domicile_provincia, domicile_comune,
    sex, education_rank, unemployment_months, did_date,
    income_support, collocamento_mirato, updated_at, surname, name, codice_fiscale
);
CREATE INDEX candidates_search_status ON candidates (
    employment_status, birth_date, branch,
    residence_provincia, residence_comune, domicile_provincia, domicile_comune,
    sex, education_rank, unemployment_months, did_date,
    income_support, collocamento_mirato, updated_at, surname, name, codice_fiscale
);
