import { FormEvent, useEffect, useState } from 'react';
import { FilterInput, SearchOptions } from '../backend';
import { t } from '../i18n';

export const EMPTY_FILTER: FilterInput = {
  age_min: null,
  age_max: null,
  education_min: null,
  keywords: null,
  branches: [],
  comune: null,
  provincia: null,
  sex: null,
  status: null,
  unemployed_months_min: null,
  did_from: null,
  did_to: null,
  income_support: null,
  collocamento_mirato: null,
  driving_licences: [],
  languages: [],
  policy_activity: null,
  updated_since: null,
};

const text = (v: string) => (v.trim() === '' ? null : v);
const num = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? null : Math.max(0, Math.floor(Number(v))));
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const triState = (v: string) => (v === '' ? null : v === 'true');

/** A day as the form shows it: `2025-03-04` (a saved search) becomes `04/03/2025`. */
export function italianDay(value: string | null): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : (value ?? '');
}

/** Every filter of the candidate search, as a form; `onSearch` gets the typed filter. */
export function FilterPanel({
  options,
  value,
  onSearch,
}: {
  options: SearchOptions;
  value: FilterInput;
  onSearch: (f: FilterInput) => void;
}) {
  const [f, setF] = useState<FilterInput>(value);
  // Typed as-is for the list fields, so a comma can be typed.
  const [licences, setLicences] = useState(value.driving_licences.join(', '));
  const [languages, setLanguages] = useState(value.languages.join(', '));
  useEffect(() => {
    setF(value);
    setLicences(value.driving_licences.join(', '));
    setLanguages(value.languages.join(', '));
  }, [value]);

  const set = <K extends keyof FilterInput>(k: K, v: FilterInput[K]) => setF((old) => ({ ...old, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    onSearch({ ...f, driving_licences: list(licences), languages: list(languages) });
  }

  function reset() {
    setF(EMPTY_FILTER);
    setLicences('');
    setLanguages('');
    onSearch(EMPTY_FILTER);
  }

  const field = (id: string, label: string, input: JSX.Element, wide = false) => (
    <div className={wide ? 'col-12' : 'col-12 col-sm-6'} key={id}>
      <label htmlFor={id} className="form-label small fw-semibold mb-1">
        {label}
      </label>
      {input}
    </div>
  );
  // Dates are typed as gg/mm/aaaa in a text field: a date field would follow the
  // system's language (LANG), not the Italian format the operators use.
  const textInput = (id: string, k: keyof FilterInput, type = 'text') => (
    <input
      id={id}
      type={type === 'date' ? 'text' : type}
      inputMode={type === 'date' ? 'numeric' : undefined}
      placeholder={type === 'date' ? 'gg/mm/aaaa' : undefined}
      className="form-control form-control-sm"
      value={type === 'date' ? italianDay(f[k] as string | null) : ((f[k] as string | number | null) ?? '')}
      onChange={(e) =>
        set(k, (type === 'number' ? num(e.target.value) : text(e.target.value)) as never)
      }
    />
  );
  const yesNo = (id: string, k: 'income_support' | 'collocamento_mirato') => (
    <select
      id={id}
      className="form-select form-select-sm"
      value={f[k] === null ? '' : String(f[k])}
      onChange={(e) => set(k, triState(e.target.value))}
    >
      <option value="">{t.common.any}</option>
      <option value="true">{t.common.yes}</option>
      <option value="false">{t.common.no}</option>
    </select>
  );

  return (
    <form onSubmit={submit} aria-labelledby="filters-title" id="filters">
      <h2 id="filters-title" className="h5">
        {t.filters.title}
      </h2>
      <div className="row g-2">
        {field('f-keywords', t.filters.keywords, textInput('f-keywords', 'keywords'), true)}
        {field('f-age-min', t.filters.ageMin, textInput('f-age-min', 'age_min', 'number'))}
        {field('f-age-max', t.filters.ageMax, textInput('f-age-max', 'age_max', 'number'))}
        {field(
          'f-education',
          t.filters.education,
          <select
            id="f-education"
            className="form-select form-select-sm"
            value={f.education_min ?? ''}
            onChange={(e) => set('education_min', text(e.target.value))}
          >
            <option value="">{t.common.any}</option>
            {options.education_levels.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>,
          true,
        )}
        {field(
          'f-status',
          t.filters.status,
          <select
            id="f-status"
            className="form-select form-select-sm"
            value={f.status ?? ''}
            onChange={(e) => set('status', text(e.target.value))}
          >
            <option value="">{t.common.any}</option>
            {options.statuses.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>,
          true,
        )}
        {field(
          'f-sex',
          t.filters.sex,
          <select
            id="f-sex"
            className="form-select form-select-sm"
            value={f.sex ?? ''}
            onChange={(e) => set('sex', text(e.target.value))}
          >
            <option value="">{t.common.any}</option>
            <option value="F">{t.filters.female}</option>
            <option value="M">{t.filters.male}</option>
          </select>,
        )}
        {field('f-unemployed', t.filters.unemployedMonths, textInput('f-unemployed', 'unemployed_months_min', 'number'))}
        {field('f-comune', t.filters.comune, textInput('f-comune', 'comune'))}
        {field('f-provincia', t.filters.provincia, textInput('f-provincia', 'provincia'))}
        {field('f-did-from', t.filters.didFrom, textInput('f-did-from', 'did_from', 'date'))}
        {field('f-did-to', t.filters.didTo, textInput('f-did-to', 'did_to', 'date'))}
        {field('f-income', t.filters.incomeSupport, yesNo('f-income', 'income_support'))}
        {field('f-collocamento', t.filters.collocamento, yesNo('f-collocamento', 'collocamento_mirato'))}
        {field(
          'f-licences',
          t.filters.licences,
          <input id="f-licences" className="form-control form-control-sm" value={licences} onChange={(e) => setLicences(e.target.value)} />,
        )}
        {field(
          'f-languages',
          t.filters.languages,
          <input id="f-languages" className="form-control form-control-sm" value={languages} onChange={(e) => setLanguages(e.target.value)} />,
        )}
        {field('f-policy', t.filters.policy, textInput('f-policy', 'policy_activity'))}
        {field('f-updated', t.filters.updatedSince, textInput('f-updated', 'updated_since', 'date'))}
        {options.branches.length > 1 && (
          <fieldset className="col-12">
            <legend className="form-label small fw-semibold mb-1">{t.filters.branches}</legend>
            {options.branches.map((b) => (
              <div className="form-check form-check-inline" key={b.code}>
                <input
                  className="form-check-input"
                  type="checkbox"
                  id={`f-branch-${b.code}`}
                  checked={f.branches.includes(b.code)}
                  onChange={(e) =>
                    set(
                      'branches',
                      e.target.checked ? [...f.branches, b.code] : f.branches.filter((x) => x !== b.code),
                    )
                  }
                />
                <label className="form-check-label small" htmlFor={`f-branch-${b.code}`}>
                  {b.label}
                </label>
              </div>
            ))}
          </fieldset>
        )}
      </div>
      <div className="d-flex gap-2 mt-3">
        <button type="submit" className="btn btn-primary btn-sm" id="f-search">
          {t.filters.search}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={reset} id="f-reset">
          {t.filters.reset}
        </button>
      </div>
    </form>
  );
}
