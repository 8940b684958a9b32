import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ColumnDef,
  getCoreRowModel,
  useReactTable,
  VisibilityState,
  ColumnSizingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { backend, CandidateRow, FilterInput } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** Rows fetched per request while scrolling. */
export const PAGE = 200;
const ROW_HEIGHT = 36;

type Key = keyof CandidateRow;

/** The result columns; `sort` is the search's sort key for the column. */
const COLUMNS: { key: Key; sort: string; size: number; hidden?: boolean; show?: (r: CandidateRow) => string }[] = [
  { key: 'surname', sort: 'surname', size: 160 },
  { key: 'name', sort: 'name', size: 140 },
  { key: 'codice_fiscale', sort: 'codice_fiscale', size: 180 },
  { key: 'age', sort: 'age', size: 70 },
  { key: 'sex', sort: 'sex', size: 70, hidden: true },
  { key: 'birth_date', sort: 'birth_date', size: 120, hidden: true, show: (r) => italianDate(r.birth_date) },
  { key: 'branch', sort: 'branch', size: 80 },
  { key: 'comune', sort: 'comune', size: 150 },
  { key: 'provincia', sort: 'provincia', size: 70 },
  { key: 'status', sort: 'status', size: 200, show: (r) => r.status_label ?? '' },
  { key: 'education', sort: 'education', size: 200 },
  { key: 'unemployment_months', sort: 'unemployment_months', size: 110 },
  { key: 'did_date', sort: 'did_date', size: 110, show: (r) => italianDate(r.did_date) },
  { key: 'mobile', sort: '', size: 130, hidden: true },
  { key: 'email', sort: '', size: 220, hidden: true },
  { key: 'updated_at', sort: 'updated_at', size: 120, hidden: true, show: (r) => italianDate(r.updated_at.slice(0, 10)) },
];

export function italianDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function parseSort(sort: string): { key: string; desc: boolean } {
  const [key, dir] = sort.split(':');
  return { key, desc: dir === 'desc' };
}

/** A virtualised table over every match: pages of PAGE rows are fetched as they scroll
 * into view, so a million rows cost what is on screen. */
export function ResultsTable({
  filter,
  sort,
  onSortChange,
  onOpen,
  onColumnsChange,
  searchId,
}: {
  filter: FilterInput;
  sort: string;
  onSortChange: (sort: string) => void;
  onOpen: (codiceFiscale: string) => void;
  onColumnsChange?: (visible: string[]) => void;
  /** Changes when the same search must run again. */
  searchId?: number;
}) {
  const [total, setTotal] = useState<number | null>(null);
  const [sortDescription, setSortDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const pages = useRef(new Map<number, CandidateRow[]>());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const [, setTick] = useState(0);
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(COLUMNS.map((c) => [c.key, !c.hidden])),
  );
  const [sizing, setSizing] = useState<ColumnSizingState>({});

  const fetchPage = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const gen = generation.current;
      backend
        .searchCandidates({ filter, sort, offset: page * PAGE, limit: PAGE })
        .then((result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setSortDescription(result.sort_description);
          setTick((x) => x + 1);
        })
        .catch((e) => {
          if (gen !== generation.current) return;
          requested.current.delete(page);
          setError(e);
        });
    },
    [filter, sort],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(null);
    setError(null);
    fetchPage(0);
  }, [fetchPage, searchId]);

  const columns = useMemo<ColumnDef<CandidateRow>[]>(
    () =>
      COLUMNS.map((c) => ({
        id: c.key,
        header: t.columns[c.key] ?? c.key,
        size: c.size,
        minSize: 50,
        enableSorting: c.sort !== '',
        meta: { sort: c.sort },
        accessorFn: (r: CandidateRow) => (c.show ? c.show(r) : String(r[c.key] ?? '')),
      })),
    [],
  );

  const table = useReactTable({
    data: [] as CandidateRow[],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    columnResizeMode: 'onChange',
    state: { columnVisibility: visibility, columnSizing: sizing },
    onColumnVisibilityChange: setVisibility,
    onColumnSizingChange: setSizing,
  });
  const visible = table.getVisibleLeafColumns();
  const width = visible.reduce((w, c) => w + c.getSize(), 0);

  useEffect(() => {
    onColumnsChange?.(visible.map((c) => c.id));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visibility]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (items.length === 0) return;
    const first = Math.floor(items[0].index / PAGE);
    const last = Math.floor(items[items.length - 1].index / PAGE);
    for (let p = first; p <= last; p++) if (!pages.current.has(p)) fetchPage(p);
  });

  const rowAt = (index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];
  const current = parseSort(sort);

  function clickHeader(sortKey: string) {
    if (!sortKey) return;
    onSortChange(current.key === sortKey && !current.desc ? `${sortKey}:desc` : sortKey);
  }

  return (
    <section aria-labelledby="results-count" id="results">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <p className="mb-0" aria-live="polite">
          <strong id="results-count" data-total={total ?? ''}>
            {total === null ? t.common.loading : t.table.count(total)}
          </strong>
          {total !== null && sortDescription && (
            <span className="text-muted small ms-2">{t.table.sortedBy(sortDescription.toLowerCase())}</span>
          )}
        </p>
        <details className="column-chooser">
          <summary className="btn btn-outline-secondary btn-sm" id="columns-button">
            {t.table.columns}
          </summary>
          <fieldset className="column-chooser-menu shadow">
            <legend className="visually-hidden">{t.table.columns}</legend>
            {table.getAllLeafColumns().map((c) => (
              <div className="form-check" key={c.id}>
                <input
                  className="form-check-input"
                  type="checkbox"
                  id={`col-${c.id}`}
                  checked={c.getIsVisible()}
                  onChange={c.getToggleVisibilityHandler()}
                  disabled={c.getIsVisible() && visible.length === 1}
                />
                <label className="form-check-label" htmlFor={`col-${c.id}`}>
                  {String(c.columnDef.header)}
                </label>
              </div>
            ))}
          </fieldset>
        </details>
      </div>
      <ErrorAlert error={error} />
      <div ref={scroller} className="results-scroller" tabIndex={-1}>
        <div role="table" aria-label={t.table.caption} aria-rowcount={(total ?? 0) + 1} style={{ width }}>
          <div role="rowgroup" className="results-head">
            {table.getHeaderGroups().map((g) => (
              <div role="row" key={g.id} className="results-row" aria-rowindex={1}>
                {g.headers.map((h) => {
                  const sortKey = (h.column.columnDef.meta as { sort: string }).sort;
                  const sorted = current.key === sortKey;
                  return (
                    <div
                      role="columnheader"
                      key={h.id}
                      className="results-cell results-header"
                      style={{ width: h.getSize() }}
                      aria-sort={sorted ? (current.desc ? 'descending' : 'ascending') : 'none'}
                    >
                      {sortKey ? (
                        <button type="button" className="sort-button" onClick={() => clickHeader(sortKey)} data-sort={sortKey}>
                          {String(h.column.columnDef.header)}
                          <span aria-hidden="true">{sorted ? (current.desc ? ' ▼' : ' ▲') : ''}</span>
                        </button>
                      ) : (
                        <span className="px-1">{String(h.column.columnDef.header)}</span>
                      )}
                      <div
                        onMouseDown={h.getResizeHandler()}
                        onTouchStart={h.getResizeHandler()}
                        className={`resizer ${h.column.getIsResizing() ? 'resizing' : ''}`}
                        role="separator"
                        aria-orientation="vertical"
                        aria-label={t.table.resize(String(h.column.columnDef.header))}
                      />
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  role="row"
                  key={item.key}
                  aria-rowindex={item.index + 2}
                  className="results-row results-data"
                  tabIndex={row ? 0 : -1}
                  aria-label={row ? t.table.open(`${row.surname} ${row.name}`) : undefined}
                  data-cf={row?.codice_fiscale}
                  style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width }}
                  onClick={() => row && onOpen(row.codice_fiscale)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && row) onOpen(row.codice_fiscale);
                  }}
                >
                  {visible.map((c) => (
                    <div role="cell" key={c.id} className="results-cell" style={{ width: c.getSize() }}>
                      {row ? (c.accessorFn as (r: CandidateRow) => string)(row) : c.getIndex() === 0 ? t.table.loadingRow : ''}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
