-- 0003: candidate search and saved searches.
--
-- A search must never read the candidates' rows to filter them: a row holds the whole
-- SAP record (about 2.5 KB), so every row read costs a page decrypted, and a filter that
-- reads 100,000 rows takes seconds. The indexes below therefore each hold every column
-- a filter or a sort uses ("covering"), so a search is answered from one index range;
-- only the rows of the page shown are read. Each leads with the columns searches most
-- often narrow on: the branch (the operator's scope), the employment status and the
-- birth date (age), and the row id (to look up the hits of the keyword index and of the
-- licence, language and policy tables). See `search.rs` for which one a search uses.

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
CREATE INDEX candidates_search_id ON candidates (
    id, employment_status, birth_date, branch,
    residence_provincia, residence_comune, domicile_provincia, domicile_comune,
    sex, education_rank, unemployment_months, did_date,
    income_support, collocamento_mirato, updated_at, surname, name, codice_fiscale
);
-- The default order (surname, name) and "last update" filter and order.
CREATE INDEX candidates_surname ON candidates (surname, name);
CREATE INDEX candidates_updated_at ON candidates (updated_at);

-- Saved searches of the operator who owns this store (one store per operator): a name
-- and a `sportello_core::CandidateFilter` with its sort, as serde JSON.
CREATE TABLE saved_searches (
    name       TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
    filter     TEXT NOT NULL CHECK (json_valid(filter)),
    sort       TEXT NOT NULL CHECK (json_valid(sort)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
