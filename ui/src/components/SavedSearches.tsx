import { useEffect, useState } from 'react';
import { backend, FilterInput, SavedSearchDto, SavedSearchForm } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

export function SavedSearches({
  filter,
  sort,
  onOpen,
}: {
  filter: FilterInput;
  sort: string;
  onOpen: (form: SavedSearchForm) => void;
}) {
  const [list, setList] = useState<SavedSearchDto[]>([]);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const refresh = () => backend.savedSearches().then(setList, setError);
  useEffect(() => {
    void refresh();
  }, []);

  async function run(action: () => Promise<void>) {
    setError(null);
    setNotice('');
    try {
      await action();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="saved-title" className="mt-4" id="saved">
      <h2 id="saved-title" className="h5">
        {t.saved.title}
      </h2>
      <ErrorAlert error={error} />
      {notice && <p className="small text-success" role="status">{notice}</p>}
      <label htmlFor="saved-choose" className="form-label small fw-semibold mb-1">
        {t.saved.choose}
      </label>
      <div className="d-flex gap-2">
        <select id="saved-choose" className="form-select form-select-sm" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{list.length ? '—' : t.saved.none}</option>
          {list.map((s) => (
            <option key={s.name} value={s.name} title={s.criteria.map(([k, v]) => `${k}: ${v}`).join('; ')}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-outline-primary btn-sm" disabled={!chosen}
          onClick={() => run(async () => onOpen(await backend.loadSavedSearch(chosen)))}>
          {t.saved.open}
        </button>
        <button type="button" className="btn btn-outline-danger btn-sm" disabled={!chosen}
          onClick={() => run(async () => { await backend.deleteSavedSearch(chosen); setChosen(''); await refresh(); })}>
          {t.saved.delete}
        </button>
      </div>
      <label htmlFor="saved-name" className="form-label small fw-semibold mb-1 mt-2">
        {t.saved.name}
      </label>
      <div className="d-flex gap-2">
        <input id="saved-name" className="form-control form-control-sm" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="button" className="btn btn-outline-primary btn-sm text-nowrap" disabled={!name.trim()}
          onClick={() => run(async () => { await backend.saveSearch({ name, filter, sort }); setNotice(t.saved.saved(name.trim())); setName(''); await refresh(); })}>
          {t.saved.save}
        </button>
      </div>
    </section>
  );
}
