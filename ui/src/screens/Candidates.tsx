import { useEffect, useState } from 'react';
import { backend, FilterInput, SearchOptions } from '../backend';
import { EMPTY_FILTER, FilterPanel } from '../components/FilterPanel';
import { ResultsTable } from '../components/ResultsTable';
import { SavedSearches } from '../components/SavedSearches';
import { ExportPanel } from '../components/ExportPanel';
import { SapBatchPanel } from '../components/SapBatchPanel';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

export interface SearchState {
  filter: FilterInput;
  sort: string;
}

export function Candidates({
  search,
  onSearch,
  onOpen,
  exportDir,
}: {
  search: SearchState;
  onSearch: (s: SearchState) => void;
  onOpen: (cf: string) => void;
  exportDir: string | null;
}) {
  const [options, setOptions] = useState<SearchOptions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [searchId, setSearchId] = useState(0);

  useEffect(() => {
    backend.searchOptions().then(setOptions, setError);
  }, []);

  if (!options) return <main className="container-fluid my-4"><ErrorAlert error={error} />{!error && <p>{t.common.loading}</p>}</main>;
  return (
    <main className="container-fluid my-3" id="candidates">
      <h1 className="visually-hidden">{t.nav.candidates}</h1>
      <div className="row g-4">
        <aside className="col-12 col-xl-3 filter-column">
          <FilterPanel options={options} value={search.filter}
            onSearch={(filter) => { onSearch({ ...search, filter }); setSearchId((x) => x + 1); }} />
          <SavedSearches filter={search.filter} sort={search.sort}
            onOpen={(form) => onSearch({ filter: form.filter ?? EMPTY_FILTER, sort: form.sort })} />
        </aside>
        <div className="col-12 col-xl-9">
          <div className="d-flex justify-content-end gap-2 mb-2">
            <button type="button" className="btn btn-outline-primary btn-sm" id="sap-batch-open" onClick={() => setPrinting(true)}>
              {t.documents.batch.button}
            </button>
            <button type="button" className="btn btn-primary btn-sm" id="export-open" onClick={() => setExporting(true)}>
              {t.export.button}
            </button>
          </div>
          {exporting && (
            <ExportPanel filter={search.filter} sort={search.sort} options={options} exportDir={exportDir}
              onClose={() => setExporting(false)} />
          )}
          {printing && (
            <SapBatchPanel filter={search.filter} sort={search.sort} exportDir={exportDir} onClose={() => setPrinting(false)} />
          )}
          <ResultsTable filter={search.filter} sort={search.sort} searchId={searchId}
            onSortChange={(sort) => onSearch({ ...search, sort })} onOpen={onOpen} />
        </div>
      </div>
    </main>
  );
}
