import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ColumnDef, ColumnSizingState, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  Choice,
  DeclarationInput,
  FdGrid,
  fdBackend,
  ImportReport,
  ParticipantDto,
  ParticipantKey,
  SuggestionRow,
  dialogs,
} from '../../backend';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { italianDate, rowKey } from './format';
import { IssueList } from './Controllo';

const ROW_HEIGHT = 52;

export interface GridFilters {
  progetto: string;
  tipologia: string;
  /** '' any, 'true', 'false'. */
  aula: string;
  todo: boolean;
}

export const NO_FILTERS: GridFilters = { progetto: '', tipologia: '', aula: '', todo: false };

/** A declaration from the grid, as touched: the backend makes it coherent (a category
 * means SI; NO or blank carries none). */
export function declaration(
  p: { codice_fiscale: string; codice_progetto: string },
  flag: string | null,
  categoria: string | null,
): DeclarationInput {
  return {
    codice_fiscale: p.codice_fiscale,
    codice_progetto: p.codice_progetto,
    fascia_debole: flag,
    categoria,
  };
}

const name = (p: ParticipantDto) => `${p.cognome} ${p.nome}`;

/** The grid's columns; `show` for the plain-text ones, the others are controls. */
const COLUMNS: { id: string; size: number; show?: (p: ParticipantDto) => string }[] = [
  { id: 'select', size: 36 },
  { id: 'cognome', size: 105, show: (p) => p.cognome },
  { id: 'nome', size: 90, show: (p) => p.nome },
  { id: 'codice_fiscale', size: 155, show: (p) => p.codice_fiscale },
  { id: 'codice_progetto', size: 110, show: (p) => p.codice_progetto },
  { id: 'tipologia', size: 100, show: (p) => p.tipologia },
  { id: 'data_inizio', size: 95, show: (p) => italianDate(p.data_inizio) },
  { id: 'aula_omogenea', size: 70, show: (p) => (p.aula_omogenea ? t.common.yes : t.common.no) },
  { id: 'fascia_debole', size: 100 },
  { id: 'categoria', size: 120 },
  { id: 'suggerimento', size: 255 },
];

/** Step 2: the participants of a campaign year, declared in the grid (one row, the
 * selected rows, or by accepting suggestions) or through a spreadsheet. */
export function Compilazione({
  anno,
  categorie,
  focus,
  onClearFocus,
  onChanged,
}: {
  anno: number | null;
  categorie: Choice[];
  /** Only these rows (the ones FTWeb rejected), when given. */
  focus: ParticipantKey[] | null;
  onClearFocus: () => void;
  onChanged: () => void;
}) {
  const [filters, setFilters] = useState<GridFilters>(NO_FILTERS);
  const [grid, setGrid] = useState<FdGrid | null>(null);
  const [suggestions, setSuggestions] = useState<Map<string, SuggestionRow>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkFlag, setBulkFlag] = useState('SI');
  const [bulkCategory, setBulkCategory] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const gridGeneration = useRef(0);
  const suggestionsGeneration = useRef(0);

  const loadGrid = useCallback(async () => {
    if (anno === null) return;
    const gen = ++gridGeneration.current;
    try {
      const g = await fdBackend.grid({
        anno,
        progetto: filters.progetto || null,
        tipologia: filters.tipologia || null,
        aula_omogenea: filters.aula === '' ? null : filters.aula === 'true',
        da_compilare: filters.todo,
      });
      if (gen === gridGeneration.current) setGrid(g);
    } catch (e) {
      if (gen === gridGeneration.current) setError(e);
    }
  }, [anno, filters]);

  // Suggestions read every participant's SAP: once per year and after each change,
  // not at every filter.
  const loadSuggestions = useCallback(async () => {
    if (anno === null) return;
    const gen = ++suggestionsGeneration.current;
    try {
      const s = await fdBackend.suggestions(anno);
      if (gen === suggestionsGeneration.current) setSuggestions(new Map(s.map((r) => [rowKey(r), r])));
    } catch (e) {
      if (gen === suggestionsGeneration.current) setError(e);
    }
  }, [anno]);

  useEffect(() => {
    void loadGrid();
  }, [loadGrid]);
  useEffect(() => {
    void loadSuggestions();
  }, [loadSuggestions]);
  const load = () => Promise.all([loadGrid(), loadSuggestions()]);

  const focusKeys = useMemo(() => (focus ? new Set(focus.map(rowKey)) : null), [focus]);
  const rows = useMemo(
    () => (grid ? grid.righe.filter((r) => !focusKeys || focusKeys.has(rowKey(r))) : []),
    [grid, focusKeys],
  );

  /** Runs a change, then reloads the grid and tells the parent the work changed. */
  async function change(work: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setMessage(null);
    setImported(null);
    try {
      setMessage(await work());
      await load();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const declare = (declarations: DeclarationInput[]) =>
    change(async () => t.fd.grid.declared(await fdBackend.declare({ anno: anno!, declarations })));

  const accept = (only: ParticipantKey[] | null) =>
    change(async () => t.fd.grid.accepted(await fdBackend.acceptSuggestions({ anno: anno!, only })));

  const selectedKeys = (): ParticipantKey[] =>
    rows.filter((r) => selected.has(rowKey(r))).map((r) => ({
      codice_fiscale: r.codice_fiscale,
      codice_progetto: r.codice_progetto,
    }));

  async function exportForFilling() {
    if (anno === null) return;
    const path = await dialogs.save({
      defaultPath: t.fd.grid.exportName(anno),
      filters: [{ name: t.fd.grid.workbook, extensions: ['xlsx'] }],
    });
    if (!path) return;
    const file = path.endsWith('.xlsx') ? path : `${path}.xlsx`;
    setError(null);
    setImported(null);
    try {
      // The save dialog already asked before replacing a file.
      const r = await fdBackend.exportForFilling({ anno, path: file, overwrite: true });
      setMessage(t.fd.grid.exportDone(r.rows, r.file));
    } catch (e) {
      setError(e);
    }
  }

  async function importFilled() {
    const path = await dialogs.open({
      multiple: false,
      directory: false,
      filters: [{ name: t.fd.grid.spreadsheets, extensions: ['xlsx', 'xls', 'ods'] }],
    });
    if (typeof path !== 'string') return;
    setBusy(true);
    setError(null);
    setMessage(null);
    setImported(null);
    try {
      const report = await fdBackend.importFilled(path);
      setImported(report);
      if (report.accepted) {
        await load();
        onChanged();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const columns = useMemo<ColumnDef<ParticipantDto>[]>(
    () =>
      COLUMNS.map((c) => ({
        id: c.id,
        header: c.id === 'select' ? '' : t.fd.grid.columns[c.id],
        size: c.size,
        minSize: 40,
        accessorFn: c.show,
      })),
    [],
  );

  const [sizing, setSizing] = useState<ColumnSizingState>({});
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    columnResizeMode: 'onChange',
    state: { columnSizing: sizing },
    onColumnSizingChange: setSizing,
  });
  const visible = table.getVisibleLeafColumns();
  const headerOf = (id: string) => table.getFlatHeaders().find((h) => h.column.id === id);
  const width = visible.reduce((w, c) => w + c.getSize(), 0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height: 600 },
  });

  if (anno === null) return <p id="fd-no-participants">{t.fd.noParticipants}</p>;

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(rowKey(r)));
  const toggleAll = (on: boolean) => setSelected(on ? new Set(rows.map(rowKey)) : new Set());
  const toggle = (key: string, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const acceptable = rows.filter((r) => !r.fascia_debole && (suggestions.get(rowKey(r))?.suggestions.length ?? 0) > 0);
  // With a filter or the rejected rows shown, "all" means all the rows shown.
  const narrowed = focus !== null || filters.progetto !== '' || filters.tipologia !== '' || filters.aula !== '' || filters.todo;
  const set = (patch: Partial<GridFilters>) => { setFilters({ ...filters, ...patch }); setSelected(new Set()); };

  function cell(id: string, p: ParticipantDto) {
    const key = rowKey(p);
    switch (id) {
      case 'select':
        return (
          <input type="checkbox" className="form-check-input m-0 fd-row-select" checked={selected.has(key)}
            aria-label={t.fd.grid.selectRow(name(p))} onChange={(e) => toggle(key, e.target.checked)} />
        );
      case 'fascia_debole':
        return (
          <select className="form-select form-select-sm fd-flag" value={p.fascia_debole ?? ''} disabled={busy}
            aria-label={t.fd.grid.flagFor(name(p))}
            onChange={(e) => void declare([declaration(p, e.target.value || null, e.target.value === 'SI' ? p.categoria : null)])}>
            <option value="">{t.fd.grid.notDeclared}</option>
            <option value="SI">SI</option>
            <option value="NO">NO</option>
          </select>
        );
      case 'categoria':
        return (
          <select className="form-select form-select-sm fd-category" value={p.categoria ?? ''} disabled={busy}
            aria-label={t.fd.grid.categoryFor(name(p))}
            onChange={(e) => void declare([declaration(p, p.fascia_debole, e.target.value || null)])}>
            <option value="">{t.fd.grid.notDeclared}</option>
            {categorie.map((c) => <option key={c.code} value={c.code} title={c.label}>{c.code} – {c.label}</option>)}
          </select>
        );
      case 'suggerimento': {
        const s = suggestions.get(key);
        if (!s) return null;
        if (!s.scheda_presente) return <span className="small text-muted">{t.fd.grid.noSheet}</span>;
        if (s.suggestions.length === 0) return <span className="small text-muted">{t.fd.grid.noSuggestion}</span>;
        const first = s.suggestions[0];
        const all = s.suggestions.map((x) => `${x.code}: ${x.reason}`).join('; ');
        return (
          <div className="d-flex align-items-center gap-2 fd-suggestion" title={all} data-code={first.code}>
            {!p.fascia_debole && (
              <button type="button" className="btn btn-outline-primary btn-sm py-0 px-2 fd-accept" disabled={busy}
                aria-label={t.fd.grid.acceptFor(name(p), first.code)}
                onClick={() => void accept([{ codice_fiscale: p.codice_fiscale, codice_progetto: p.codice_progetto }])}>
                {t.fd.grid.accept}
              </button>
            )}
            <span className="small fd-reasons">
              {s.suggestions.map((x, i) => (
                <span key={x.code}>
                  {i > 0 && '; '}
                  <strong>{x.code}</strong> {x.reason}
                </span>
              ))}
            </span>
          </div>
        );
      }
      default: {
        const show = COLUMNS.find((c) => c.id === id)?.show;
        return show ? show(p) : null;
      }
    }
  }

  return (
    <section id="fd-compilazione" aria-labelledby="fd-grid-title">
      <h2 className="visually-hidden" id="fd-grid-title">{t.fd.grid.caption}</h2>
      <div className="d-flex flex-wrap align-items-end gap-3 mb-2" id="fd-grid-filters">
        <FilterSelect id="fd-f-progetto" label={t.fd.grid.project} value={filters.progetto}
          onChange={(progetto) => set({ progetto })}
          options={[['', t.fd.grid.all], ...(grid?.progetti ?? []).map((p): Option => [p, p])]} />
        <FilterSelect id="fd-f-tipologia" label={t.fd.grid.tipologia} value={filters.tipologia}
          onChange={(tipologia) => set({ tipologia })}
          options={[['', t.fd.grid.all], ...(grid?.tipologie ?? []).map((p): Option => [p, p])]} />
        <FilterSelect id="fd-f-aula" label={t.fd.grid.aula} value={filters.aula}
          onChange={(aula) => set({ aula })}
          options={[['', t.common.any], ['true', t.common.yes], ['false', t.common.no]]} />
        <div className="form-check mb-1">
          <input className="form-check-input" type="checkbox" id="fd-f-todo" checked={filters.todo}
            onChange={(e) => set({ todo: e.target.checked })} />
          <label className="form-check-label" htmlFor="fd-f-todo">{t.fd.grid.todoOnly}</label>
        </div>
        <div className="ms-auto d-flex gap-2">
          <button type="button" className="btn btn-outline-primary btn-sm" id="fd-export" disabled={busy}
            onClick={() => void exportForFilling()}>{t.fd.grid.exportButton}</button>
          <button type="button" className="btn btn-outline-primary btn-sm" id="fd-import" disabled={busy}
            onClick={() => void importFilled()}>{t.fd.grid.importButton}</button>
        </div>
      </div>
      {focus && (
        <div className="alert alert-info py-2 d-flex align-items-center gap-3" role="status" id="fd-focus">
          <span>{t.fd.grid.focus(focus.length)}</span>
          <button type="button" className="btn btn-sm btn-outline-primary" onClick={onClearFocus}>{t.fd.grid.showAll}</button>
        </div>
      )}
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2 fd-bulk" role="group" aria-label={t.fd.grid.bulkTitle}>
        <button type="button" className="btn btn-primary btn-sm" id="fd-accept-all"
          disabled={busy || acceptable.length === 0}
          onClick={() => void accept(narrowed ? acceptable.map((r) => ({ codice_fiscale: r.codice_fiscale, codice_progetto: r.codice_progetto })) : null)}>
          {t.fd.grid.acceptAll} ({acceptable.length})
        </button>
        <button type="button" className="btn btn-outline-primary btn-sm" id="fd-accept-selected"
          disabled={busy || selected.size === 0} onClick={() => void accept(selectedKeys())}>
          {t.fd.grid.acceptSelected}
        </button>
        <span className="vr mx-1" />
        <span className="small" id="fd-selected-count">{t.fd.grid.selected(selected.size)}</span>
        <label htmlFor="fd-bulk-flag" className="small fw-semibold mb-0">{t.fd.grid.bulkFlag}</label>
        <select id="fd-bulk-flag" className="form-select form-select-sm w-auto" value={bulkFlag}
          onChange={(e) => { setBulkFlag(e.target.value); if (e.target.value !== 'SI') setBulkCategory(''); }}>
          <option value="">{t.fd.grid.notDeclared}</option>
          <option value="SI">SI</option>
          <option value="NO">NO</option>
        </select>
        <label htmlFor="fd-bulk-category" className="small fw-semibold mb-0">{t.fd.grid.bulkCategory}</label>
        <select id="fd-bulk-category" className="form-select form-select-sm w-auto fd-bulk-category" value={bulkCategory}
          disabled={bulkFlag !== 'SI'} onChange={(e) => setBulkCategory(e.target.value)}>
          <option value="">{t.fd.grid.notDeclared}</option>
          {categorie.map((c) => <option key={c.code} value={c.code}>{c.code} – {c.label}</option>)}
        </select>
        <button type="button" className="btn btn-outline-primary btn-sm" id="fd-bulk-apply"
          disabled={busy || selected.size === 0}
          onClick={() => void declare(selectedKeys().map((k) => declaration(k, bulkFlag || null, bulkCategory || null)))}>
          {t.fd.grid.bulkApply}
        </button>
      </div>
      {message && <div className="alert alert-success py-2" role="status" id="fd-grid-message">{message}</div>}
      <ErrorAlert error={error} />
      {imported && imported.accepted && (
        <div className="alert alert-success py-2" role="status" id="fd-import-done" data-rows={imported.imported}>
          {t.fd.grid.imported(imported.imported, imported.file)}
        </div>
      )}
      {imported && !imported.accepted && (
        <div className="alert alert-danger" role="alert" id="fd-import-refused">
          <p className="mb-1"><strong>{t.fd.grid.importRefused(imported.file)}</strong></p>
          {imported.reason && <p className="mb-2 error-message">{imported.reason}</p>}
          <IssueList issues={imported.check.issues.filter((i) => i.severity === 'error')} />
        </div>
      )}
      {grid && (
        <p className="small mb-1" id="fd-grid-count" data-shown={rows.length} data-total={grid.totale} data-todo={grid.da_compilare}>
          {t.fd.grid.count(rows.length, grid.totale, grid.da_compilare)}
        </p>
      )}
      <div ref={scroller} className="results-scroller fd-grid-scroller" tabIndex={-1}>
        <div role="table" aria-label={t.fd.grid.caption} aria-rowcount={rows.length + 1} style={{ width }}>
          <div role="rowgroup" className="results-head">
            <div role="row" className="results-row" aria-rowindex={1}>
              {visible.map((c) => (
                <div role="columnheader" key={c.id} className="results-cell results-header px-2" style={{ width: c.getSize() }}>
                  {c.id === 'select' ? (
                    <input type="checkbox" className="form-check-input m-0" id="fd-select-all" checked={allSelected}
                      aria-label={t.fd.grid.selectAll} onChange={(e) => toggleAll(e.target.checked)} />
                  ) : (
                    String(c.columnDef.header)
                  )}
                  {c.id !== 'select' && (
                    <div onMouseDown={headerOf(c.id)?.getResizeHandler()} onTouchStart={headerOf(c.id)?.getResizeHandler()}
                      className={`resizer ${c.getIsResizing() ? 'resizing' : ''}`} role="separator"
                      aria-orientation="vertical" aria-label={t.table.resize(String(c.columnDef.header))} />
                  )}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const p = rows[item.index];
              return (
                <div role="row" key={rowKey(p)} aria-rowindex={item.index + 2}
                  className={`results-row fd-row ${selected.has(rowKey(p)) ? 'fd-row-selected' : ''}`}
                  data-cf={p.codice_fiscale} data-progetto={p.codice_progetto} data-flag={p.fascia_debole ?? ''}
                  data-categoria={p.categoria ?? ''}
                  style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width }}>
                  {visible.map((c) => (
                    <div role="cell" key={c.id} className={`results-cell fd-cell fd-cell-${c.id}`} style={{ width: c.getSize() }}>
                      {cell(c.id, p)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {grid && rows.length === 0 && <p className="mt-2" id="fd-grid-empty">{t.fd.grid.empty}</p>}
    </section>
  );
}

/** A value and its label. */
type Option = [string, string];

/** One of the grid's filters: a small labelled drop-down. */
function FilterSelect({ id, label, value, options, onChange }: {
  id: string;
  label: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="form-label small fw-semibold mb-0">{label}</label>
      <select id={id} className="form-select form-select-sm" value={value}
        onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
}
