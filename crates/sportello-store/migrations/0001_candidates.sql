-- 0001: the candidate cache.
--
-- The server is the source of truth for everything in this migration: these rows are
-- copies that a sync can always rebuild. Filterable fields are real, indexed columns;
-- the whole SAP record is kept as JSON in `candidates.record`.

-- Small key/value settings: the client id, later session values.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Branches (filiali) of the agency. Candidates name their branch by code without a
-- foreign key: a sync may deliver candidates before the branch list.
CREATE TABLE branches (
    code      TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    comune    TEXT NOT NULL,
    provincia TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per person. Place columns hold names folded like
-- `sportello_core::keywords::fold_place` (no case, accents or punctuation), so a filter
-- folds the wanted value the same way and compares with `=` on the index.
-- Dates are ISO `YYYY-MM-DD` text; booleans are 0/1.
CREATE TABLE candidates (
    id                  INTEGER PRIMARY KEY,
    codice_fiscale      TEXT NOT NULL UNIQUE,
    branch              TEXT NOT NULL,
    surname             TEXT NOT NULL,
    name                TEXT NOT NULL,
    sex                 TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date          TEXT NOT NULL,
    education_rank      INTEGER CHECK (education_rank BETWEEN 0 AND 9),
    residence_comune    TEXT,
    residence_provincia TEXT,
    domicile_comune     TEXT,
    domicile_provincia  TEXT,
    employment_status   TEXT,
    unemployment_months INTEGER,
    did_date            TEXT,
    income_support      INTEGER NOT NULL CHECK (income_support IN (0, 1)),
    collocamento_mirato INTEGER NOT NULL CHECK (collocamento_mirato IN (0, 1)),
    -- The server's version of the record; an upsert never replaces a newer one.
    version             INTEGER NOT NULL,
    updated_at          TEXT NOT NULL,
    -- serde JSON of `sportello_core::Candidate`.
    record              TEXT NOT NULL
) STRICT;

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
-- Few people have these flags set, so only they are indexed. A query must write the
-- literal `= 1` (not a bound parameter) for SQLite to use a partial index.
CREATE INDEX candidates_income_support ON candidates (income_support)
    WHERE income_support = 1;
CREATE INDEX candidates_collocamento_mirato ON candidates (collocamento_mirato)
    WHERE collocamento_mirato = 1;

-- Multi-valued filters: one row per value, looked up by value.
-- Licence categories and activity codes are upper case, languages lower case.
CREATE TABLE candidate_licences (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    licence      TEXT NOT NULL,
    PRIMARY KEY (candidate_id, licence)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_licences_licence ON candidate_licences (licence, candidate_id);

CREATE TABLE candidate_languages (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    PRIMARY KEY (candidate_id, language)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_languages_language ON candidate_languages (language, candidate_id);

CREATE TABLE candidate_policies (
    candidate_id  INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    activity_code TEXT NOT NULL,
    PRIMARY KEY (candidate_id, activity_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_policies_activity ON candidate_policies (activity_code, candidate_id);

-- Full-text index over `Candidate::keyword_text()`, which sportello-core has already
-- folded and stemmed; the tokenizer only splits it. Contentless (the text is not
-- stored twice) with rowid = candidates.id; `contentless_delete` lets a row be
-- removed or replaced by rowid alone.
CREATE VIRTUAL TABLE candidate_keywords USING fts5 (
    keywords,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
