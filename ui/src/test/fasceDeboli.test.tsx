import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  CheckReport,
  FdGrid,
  FdGridArgs,
  FdOverview,
  ParticipantDto,
  SuggestionRow,
  UploadDto,
} from '../backend';
import { Compilazione } from '../screens/fd/Compilazione';
import { Controllo } from '../screens/fd/Controllo';
import { Caricamento } from '../screens/fd/Caricamento';
import { Esito } from '../screens/fd/Esito';
import { FasceDeboli, pending } from '../screens/FasceDeboli';

const CATEGORIE = [
  { code: 'DIS', label: 'lavoratore con disabilità' },
  { code: 'SVA', label: 'privo di impiego regolarmente retribuito da almeno 6 mesi' },
  { code: 'SVB', label: 'età compresa tra 15 e 24 anni' },
];

function participant(i: number, patch: Partial<ParticipantDto> = {}): ParticipantDto {
  return {
    anno: 2025,
    codice_fiscale: `RSSMRA85T10A56${i}S`,
    codice_progetto: i % 2 ? 'FT25-FI01-001' : 'FT25-FI01-002',
    tipologia: i % 2 ? 'BASE' : 'PROFESSIONALE',
    titolo: 'Magazziniere',
    data_inizio: '2025-03-04',
    aula_omogenea: i === 0,
    cognome: `Cognome${i}`,
    nome: `Nome${i}`,
    fascia_debole: null,
    categoria: null,
    ...patch,
  };
}

function suggestion(p: ParticipantDto, codes: [string, string][]): SuggestionRow {
  return {
    codice_fiscale: p.codice_fiscale,
    codice_progetto: p.codice_progetto,
    cognome: p.cognome,
    nome: p.nome,
    data_inizio: p.data_inizio,
    fascia_debole: p.fascia_debole,
    categoria: p.categoria,
    scheda_presente: true,
    suggestions: codes.map(([code, reason]) => ({ code, label: code, reason })),
  };
}

/** A backend with a working copy of `rows`: records every call, applies declarations. */
function gridBackend(rows: ParticipantDto[], suggestions: SuggestionRow[]) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload as { args?: unknown }).args;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'fd_grid': {
        const a = args as FdGridArgs;
        const righe = rows.filter(
          (r) =>
            (!a.progetto || r.codice_progetto === a.progetto) &&
            (!a.tipologia || r.tipologia === a.tipologia) &&
            (a.aula_omogenea === null || r.aula_omogenea === a.aula_omogenea) &&
            (!a.da_compilare || r.fascia_debole === null),
        );
        const grid: FdGrid = {
          anno: 2025,
          righe,
          progetti: [...new Set(rows.map((r) => r.codice_progetto))].sort(),
          tipologie: [...new Set(rows.map((r) => r.tipologia))].sort(),
          totale: rows.length,
          da_compilare: rows.filter((r) => r.fascia_debole === null).length,
        };
        return grid;
      }
      case 'fd_suggestions':
        return suggestions;
      case 'fd_declare': {
        const { declarations } = args as { declarations: { codice_fiscale: string; codice_progetto: string; fascia_debole: string | null; categoria: string | null }[] };
        for (const d of declarations) {
          const r = rows.find((x) => x.codice_fiscale === d.codice_fiscale && x.codice_progetto === d.codice_progetto)!;
          // As the backend stores it (sportello_app::fasce_deboli::coherent).
          r.fascia_debole = d.categoria ? 'SI' : d.fascia_debole;
          r.categoria = d.categoria;
        }
        return declarations.length;
      }
      case 'fd_accept_suggestions':
        return 2;
      case 'plugin:dialog|open':
        return '/home/op/compilato.xlsx';
      case 'plugin:dialog|save':
        return '/home/op/da-compilare';
      case 'fd_export':
        return { file: (args as { path: string }).path, anno: 2025, rows: rows.length, audit_id: 7 };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return calls;
}

const rowOf = (cf: string, progetto: string) =>
  document.querySelector(`.fd-row[data-cf="${cf}"][data-progetto="${progetto}"]`) as HTMLElement;

describe('Compilazione grid', () => {
  it('shows the participants with their suggestions and reasons, and accepts one', async () => {
    const rows = [participant(0), participant(1), participant(2, { fascia_debole: 'NO' })];
    const calls = gridBackend(rows, [
      suggestion(rows[0], [['SVB', '23 anni alla data di inizio corso'], ['SVC', 'nessun diploma di scuola secondaria superiore']]),
      suggestion(rows[1], []),
      suggestion(rows[2], [['SVA', 'disoccupato da 14 mesi alla data di inizio corso']]),
    ]);
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(screen.getByText('Cognome0')).toBeInTheDocument());
    expect(document.querySelectorAll('.fd-row')).toHaveLength(3);
    expect(screen.getByText('3 righe mostrate su 3 · 2 da compilare')).toBeInTheDocument();
    const first = rowOf(rows[0].codice_fiscale, rows[0].codice_progetto);
    expect(first).toHaveTextContent('23 anni alla data di inizio corso');
    expect(first).toHaveTextContent('nessun diploma di scuola secondaria superiore');
    expect(rowOf(rows[1].codice_fiscale, rows[1].codice_progetto)).toHaveTextContent('Nessun suggerimento');
    // A declared row offers no "Accetta": a suggestion never replaces a declaration.
    expect(within(rowOf(rows[2].codice_fiscale, rows[2].codice_progetto)).queryByRole('button', { name: /Accetta/ })).toBeNull();
    // Only one row is declarable by suggestion.
    expect(screen.getByRole('button', { name: 'Accetta tutti i suggerimenti (1)' })).toBeEnabled();

    fireEvent.click(within(first).getByRole('button', { name: 'Accetta SVB per Cognome0 Nome0' }));
    await waitFor(() => expect(screen.getByText('Accettati 2 suggerimenti.')).toBeInTheDocument());
    const accept = calls.find((c) => c.cmd === 'fd_accept_suggestions');
    expect(accept?.args).toEqual({
      anno: 2025,
      only: [{ codice_fiscale: rows[0].codice_fiscale, codice_progetto: rows[0].codice_progetto }],
    });
  });

  it('accepts every suggestion in bulk', async () => {
    const rows = [participant(0)];
    const calls = gridBackend(rows, [suggestion(rows[0], [['SVB', '19 anni alla data di inizio corso']])]);
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(screen.getByText('Cognome0')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: /Accetta tutti i suggerimenti/ }));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'fd_accept_suggestions')).toBe(true));
    expect(calls.find((c) => c.cmd === 'fd_accept_suggestions')?.args).toEqual({ anno: 2025, only: null });
  });

  it('declares one row from its selects: a category (the backend makes it SI), NO clearing the category', async () => {
    const rows = [participant(0), participant(1)];
    const calls = gridBackend(rows, []);
    const onChanged = vi.fn();
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={onChanged} />);
    await waitFor(() => expect(screen.getByText('Cognome1')).toBeInTheDocument());
    fireEvent.change(screen.getByLabelText('Categoria di Cognome1 Nome1'), { target: { value: 'DIS' } });
    await waitFor(() => expect(rowOf(rows[1].codice_fiscale, rows[1].codice_progetto).dataset.categoria).toBe('DIS'));
    expect(calls.filter((c) => c.cmd === 'fd_declare').at(-1)?.args).toEqual({
      anno: 2025,
      declarations: [{ codice_fiscale: rows[1].codice_fiscale, codice_progetto: rows[1].codice_progetto, fascia_debole: null, categoria: 'DIS' }],
    });
    expect(rowOf(rows[1].codice_fiscale, rows[1].codice_progetto).dataset.flag).toBe('SI');
    fireEvent.change(screen.getByLabelText('Fascia debole di Cognome1 Nome1'), { target: { value: 'NO' } });
    await waitFor(() => expect(rowOf(rows[1].codice_fiscale, rows[1].codice_progetto).dataset.flag).toBe('NO'));
    expect(rowOf(rows[1].codice_fiscale, rows[1].codice_progetto).dataset.categoria).toBe('');
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('applies the bulk action to the selected rows only', async () => {
    const rows = [participant(0), participant(1), participant(2)];
    const calls = gridBackend(rows, []);
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(screen.getByText('Cognome2')).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Applica alle selezionate' })).toBeDisabled();
    fireEvent.click(screen.getByLabelText('Seleziona Cognome0 Nome0'));
    fireEvent.click(screen.getByLabelText('Seleziona Cognome2 Nome2'));
    expect(screen.getByText('2 righe selezionate')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Fascia debole', { selector: '#fd-bulk-flag' }), { target: { value: 'SI' } });
    fireEvent.change(screen.getByLabelText('Categoria', { selector: '#fd-bulk-category' }), { target: { value: 'SVA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Applica alle selezionate' }));
    await waitFor(() => expect(screen.getByText('2 righe aggiornate.')).toBeInTheDocument());
    const declared = calls.find((c) => c.cmd === 'fd_declare')?.args as { declarations: { codice_fiscale: string }[] };
    expect(declared.declarations.map((d) => d.codice_fiscale)).toEqual([rows[0].codice_fiscale, rows[2].codice_fiscale]);
    expect(rows.map((r) => r.categoria)).toEqual(['SVA', null, 'SVA']);
  });

  it('filters by project, aula omogenea and still-to-fill through the backend', async () => {
    const rows = [participant(0), participant(1), participant(2, { fascia_debole: 'NO' }), participant(3)];
    const calls = gridBackend(rows, []);
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(4));
    fireEvent.change(screen.getByLabelText('Progetto'), { target: { value: 'FT25-FI01-002' } });
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(2));
    fireEvent.click(screen.getByLabelText('Solo da compilare'));
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(1));
    fireEvent.change(screen.getByLabelText('Aula omogenea'), { target: { value: 'true' } });
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'fd_grid').at(-1)?.args).toEqual({
      anno: 2025,
      progetto: 'FT25-FI01-002',
      tipologia: null,
      aula_omogenea: true,
      da_compilare: true,
    });
    expect(screen.getByText('Cognome0')).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'fd_suggestions'), 'suggestions are read once, not per filter').toHaveLength(1);
  });

  it('shows only the rejected rows when jumping from the outcome', async () => {
    const rows = [participant(0), participant(1), participant(2)];
    gridBackend(rows, []);
    const onClear = vi.fn();
    render(
      <Compilazione anno={2025} categorie={CATEGORIE} onClearFocus={onClear} onChanged={() => {}}
        focus={[{ codice_fiscale: rows[1].codice_fiscale, codice_progetto: rows[1].codice_progetto }]} />,
    );
    await waitFor(() => expect(screen.getByText('Cognome1')).toBeInTheDocument());
    expect(document.querySelectorAll('.fd-row')).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Si mostra la riga scartata da FTWeb.');
    fireEvent.click(screen.getByRole('button', { name: 'Mostra tutti' }));
    expect(onClear).toHaveBeenCalled();
  });

  it('exports for filling to the file chosen in the save dialog', async () => {
    const rows = [participant(0), participant(1)];
    const calls = gridBackend(rows, []);
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(screen.getByText('Cognome0')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Esporta per compilazione' }));
    await waitFor(() => expect(screen.getByText('Esportate 2 righe in /home/op/da-compilare.xlsx.')).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === 'fd_export')?.args).toEqual({ anno: 2025, path: '/home/op/da-compilare.xlsx', overwrite: true });
  });
});

function report(patch: Partial<CheckReport> = {}): CheckReport {
  return {
    file: 'fasce-deboli-2025.xlsx',
    sheet: 'Partecipanti',
    header_row: 1,
    rows_total: 12,
    rows_ok: 10,
    rows_with_errors: 2,
    rows_with_warnings: 1,
    declared: { SI: 4, NO: 6, non_indicato: 2 },
    by_category: { SVA: 3, DIS: 1 },
    issues: [
      { row: 4, column: 'Categoria', severity: 'error', code: 'CATEGORIA_MANCANTE', message: 'Fascia debole SI senza categoria.' },
      { row: 9, column: 'Categoria', severity: 'error', code: 'CATEGORIA_SENZA_FLAG', message: 'Categoria indicata con Fascia debole NO.' },
      { row: 11, column: 'Fascia debole', severity: 'warning', code: 'FLAG_NON_INDICATO', message: 'Fascia debole non indicata.' },
    ],
    refused: null,
    ...patch,
  };
}

describe('Importa file compilato', () => {
  it('shows why a file was refused, in Italian, row by row, and changes nothing', async () => {
    const rows = [participant(0)];
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'fd_grid') return { anno: 2025, righe: rows, progetti: [], tipologie: [], totale: 1, da_compilare: 1 };
      if (cmd === 'fd_suggestions') return [];
      if (cmd === 'plugin:dialog|open') return '/home/op/compilato.xlsx';
      if (cmd === 'fd_import') {
        return {
          file: 'compilato.xlsx',
          accepted: false,
          reason: 'file non importato, riga 4 (Codice fiscale): codice fiscale non valido',
          anno: null,
          imported: 0,
          check: report({
            issues: [
              { row: 4, column: 'Codice fiscale', severity: 'error', code: 'CF_NON_VALIDO', message: 'codice fiscale non valido' },
              { row: 5, column: 'Fascia debole', severity: 'warning', code: 'FLAG_NON_INDICATO', message: 'Fascia debole non indicata.' },
            ],
          }),
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onChanged = vi.fn();
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={onChanged} />);
    await waitFor(() => expect(screen.getByText('Cognome0')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Importa file compilato' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Il file compilato.xlsx non è stato importato: nulla è cambiato.');
    expect(alert).toHaveTextContent('riga 4 (Codice fiscale): codice fiscale non valido');
    const lines = within(alert).getAllByRole('row').slice(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveAttribute('data-code', 'CF_NON_VALIDO');
    expect(onChanged).not.toHaveBeenCalled();
    expect(calls.filter((c) => c === 'fd_grid')).toHaveLength(1);
  });
});

describe('Controllo', () => {
  it('lists every problem with row, column, severity and message, with totals, and blocks the upload', async () => {
    mockIPC((cmd) => {
      if (cmd === 'fd_check') return report();
      throw new Error(`unexpected ${cmd}`);
    });
    let current: CheckReport | null = null;
    const onUpload = vi.fn();
    const { rerender } = render(
      <Controllo anno={2025} report={null} onReport={(r) => { current = r; }} onUpload={onUpload} onFix={() => {}} />,
    );
    await waitFor(() => expect(current).not.toBeNull());
    rerender(<Controllo anno={2025} report={current} onReport={() => {}} onUpload={onUpload} onFix={() => {}} />);
    const lines = screen.getAllByRole('row').slice(1);
    expect(lines.map((l) => [l.dataset.row, l.dataset.severity, l.dataset.code])).toEqual([
      ['4', 'error', 'CATEGORIA_MANCANTE'],
      ['9', 'error', 'CATEGORIA_SENZA_FLAG'],
      ['11', 'warning', 'FLAG_NON_INDICATO'],
    ]);
    expect(lines[0]).toHaveTextContent('4CategoriaErroreFascia debole SI senza categoria.');
    expect(lines[2]).toHaveTextContent('Avviso');
    expect(document.querySelector('#fd-check-errors')).toHaveTextContent('2');
    expect(document.querySelector('#fd-check-si')).toHaveTextContent('4');
    expect(document.querySelector('[data-category="SVA"]')).toHaveTextContent('3');
    expect(screen.getByText('2 righe hanno errori: correggile prima di caricare.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Vai al caricamento/ })).toBeDisabled();
  });

  it('lets a file with warnings only go to the upload', () => {
    const clean = report({ rows_with_errors: 0, rows_ok: 12, issues: [report().issues[2]] });
    const onUpload = vi.fn();
    render(<Controllo anno={2025} report={clean} onReport={() => {}} onUpload={onUpload} onFix={() => {}} />);
    const go = screen.getByRole('button', { name: /Vai al caricamento/ });
    expect(go).toBeEnabled();
    fireEvent.click(go);
    expect(onUpload).toHaveBeenCalled();
  });

  it('shows a refused file with its code', () => {
    const refused = report({
      rows_total: 0, rows_ok: 0, rows_with_errors: 0, rows_with_warnings: 0, issues: [],
      refused: { code: 'INTESTAZIONE_NON_TROVATA', message: 'Nessun foglio con le intestazioni richieste.' },
    });
    render(<Controllo anno={2025} report={refused} onReport={() => {}} onUpload={() => {}} onFix={() => {}} />);
    expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'INTESTAZIONE_NON_TROVATA');
    expect(screen.getByRole('button', { name: /Vai al caricamento/ })).toBeDisabled();
  });
});

function upload(patch: Partial<UploadDto> = {}): UploadDto {
  return {
    id: 'u-1',
    server_id: '0190-aaaa',
    anno: 2025,
    file_name: 'fasce-deboli-2025-20261124-0930.xlsx',
    sha256: 'ab'.repeat(32),
    stato: 'elaborato',
    submitted_at: '2026-11-24T09:30:00Z',
    processed_at: '2026-11-24T09:31:00Z',
    righe: 12,
    acquisite: 11,
    scartate: 1,
    errore: null,
    rejected: [{ codice_fiscale: 'RSSMRA85T10A561S', codice_progetto: 'FT25-FI01-001', motivo: 'riga 3: Fascia debole SI senza categoria.' }],
    ...patch,
  };
}

describe('Caricamento', () => {
  it('uploads a clean check and offers the receipt', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'fd_upload') {
        return { upload: upload({ stato: 'in_coda', acquisite: null, scartate: null, righe: null, rejected: [] }), sent: true, receipt_number: 'R-1A2B3C-000004', receipt_file: 'ricevuta-fasce-deboli-2025-20261124-093000.pdf' };
      }
      if (cmd === 'fd_open_receipt') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    const onUploaded = vi.fn();
    const clean = report({ rows_with_errors: 0, issues: [] });
    render(<Caricamento anno={2025} check={clean} campaign={null} onCheck={() => {}} onUploaded={onUploaded} onOutcome={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Carica su FTWeb' }));
    await waitFor(() => expect(screen.getByText('Caricamento inviato')).toBeInTheDocument());
    expect(document.querySelector('#fd-upload-id')).toHaveTextContent('0190-aaaa');
    expect(document.querySelector('#fd-receipt-number')).toHaveTextContent('R-1A2B3C-000004');
    expect(onUploaded).toHaveBeenCalledWith('u-1');
    fireEvent.click(screen.getByRole('button', { name: 'Apri ricevuta' }));
    await waitFor(() => expect(calls).toContain('fd_open_receipt'));
  });

  it('is disabled while errors remain', () => {
    render(<Caricamento anno={2025} check={report()} campaign={null} onCheck={() => {}} onUploaded={() => {}} onOutcome={() => {}} />);
    expect(screen.getByRole('button', { name: 'Carica su FTWeb' })).toBeDisabled();
  });
});

function overview(uploads: UploadDto[]): FdOverview {
  return {
    online: true,
    offline: null,
    tipologie: [],
    categorie: CATEGORIE,
    anni: [2025],
    richieste: [],
    storico: {
      campagne: [
        { anno: 2025, scadenza: '2026-11-28', aperta: true, giorni_rimasti: 4, avviso: 'Mancano 4 giorni alla scadenza della campagna 2025.' },
        { anno: 2019, scadenza: '2020-11-30', aperta: false, giorni_rimasti: -2185, avviso: 'Campagna 2019 chiusa: il termine era il 30/11/2020.' },
      ],
      caricamenti: uploads,
      riepilogo: { 2025: { caricamenti: uploads.length, ultimo_esito: [12, 11, 1] } },
    },
    seguito: { requests_sent: 0, files_downloaded: [], uploads_sent: 0, outcomes: [], receipts: [] },
  };
}

describe('Esito', () => {
  it('shows the outcome with its rejected rows, which jump to the grid', () => {
    const onFix = vi.fn();
    render(<Esito overview={overview([upload()])} selected={null} onSelect={() => {}} onFix={onFix} />);
    const detail = document.querySelector('#fd-outcome') as HTMLElement;
    expect(detail.dataset.acquired).toBe('11');
    expect(within(detail).getByRole('table')).toHaveTextContent('riga 3: Fascia debole SI senza categoria.');
    fireEvent.click(screen.getByRole('button', { name: 'Correggi le righe scartate' }));
    expect(onFix).toHaveBeenCalledWith([{ codice_fiscale: 'RSSMRA85T10A561S', codice_progetto: 'FT25-FI01-001' }]);
    expect(screen.getByText('Mancano 4 giorni alla scadenza della campagna 2025.')).toBeInTheDocument();
    expect(document.querySelector('#fd-summary')).toHaveTextContent('2025: 1 caricamento, ultimo esito: 12 righe, 11 acquisite, 1 scartata');
  });

  it('says when FTWeb has not processed the upload yet', () => {
    render(
      <Esito overview={overview([upload({ stato: 'in_lavorazione', acquisite: null, scartate: null, righe: null, rejected: [] })])}
        selected="u-1" onSelect={() => {}} onFix={() => {}} />,
    );
    expect(screen.getByText(/non ha ancora elaborato il file/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Scarica esito' })).toBeNull();
  });

  it('writes the outcome file to the place chosen in the save dialog', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, payload) => {
      calls.push({ cmd, args: (payload as { args?: unknown }).args });
      if (cmd === 'plugin:dialog|save') return '/home/op/esito.xlsx';
      if (cmd === 'fd_save_outcome') return '/home/op/esito.xlsx';
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Esito overview={overview([upload({ scartate: 0, acquisite: 12, rejected: [] })])} selected={null} onSelect={() => {}} onFix={() => {}} />);
    expect(screen.getByText('Tutte le righe sono state acquisite.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Scarica esito' }));
    await waitFor(() => expect(screen.getByText('Esito salvato in /home/op/esito.xlsx.')).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === 'fd_save_outcome')?.args).toEqual({ id: 'u-1', path: '/home/op/esito.xlsx', overwrite: true });
  });
});

describe('following', () => {
  it('keeps following while a request or an upload waits on FTWeb', () => {
    const o = overview([upload()]);
    expect(pending(o)).toBe(false);
    expect(pending(overview([upload({ stato: 'in_coda' })]))).toBe(true);
    const withRequest: FdOverview = {
      ...o,
      richieste: [{
        id: 'r', server_id: null, anno: 2025, tipologie: ['BASE'], email: null, stato: 'pronto',
        requested_at: '2026-11-24T09:00:00Z', completed_at: null, righe: 10, errore: null, downloaded_at: null,
      }],
    };
    expect(pending(withRequest)).toBe(true);
    withRequest.richieste[0].downloaded_at = '2026-11-24T09:01:00Z';
    expect(pending(withRequest)).toBe(false);
  });
});

describe('Accetta tutti under a filter', () => {
  it('accepts the suggestions of the rows shown only', async () => {
    const rows = [participant(0), participant(1), participant(2)];
    const calls = gridBackend(rows, rows.map((r) => suggestion(r, [['SVB', '20 anni alla data di inizio corso']])));
    render(<Compilazione anno={2025} categorie={CATEGORIE} focus={null} onClearFocus={() => {}} onChanged={() => {}} />);
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(3));
    fireEvent.change(screen.getByLabelText('Progetto'), { target: { value: 'FT25-FI01-001' } });
    await waitFor(() => expect(document.querySelectorAll('.fd-row')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Accetta tutti i suggerimenti (1)' }));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'fd_accept_suggestions')).toBe(true));
    expect(calls.find((c) => c.cmd === 'fd_accept_suggestions')?.args).toEqual({
      anno: 2025,
      only: [{ codice_fiscale: rows[1].codice_fiscale, codice_progetto: rows[1].codice_progetto }],
    });
  });
});

describe('FasceDeboli screen', () => {
  it('shows the deadline warning, moves between steps, and never misses a change made during a look', async () => {
    const base = overview([]);
    base.tipologie = [{ code: 'BASE', label: 'Formazione di base' }];
    let looks = 0;
    let release: (() => void) | null = null;
    const requests: unknown[] = [];
    mockIPC((cmd, payload) => {
      if (cmd === 'fd_overview') {
        looks += 1;
        // The second look hangs until released: a look in flight.
        if (looks === 2) return new Promise((resolve) => { release = () => resolve(base); });
        return base;
      }
      if (cmd === 'fd_request') {
        requests.push((payload as { args: unknown }).args);
        return { id: 'r', server_id: 's', anno: 2025, tipologie: ['BASE'], email: null, stato: 'in_coda', requested_at: '2026-11-24T09:00:00Z', completed_at: null, righe: null, errore: null, downloaded_at: null };
      }
      if (cmd === 'fd_check') return report({ rows_with_errors: 0, issues: [] });
      throw new Error(`unexpected ${cmd}`);
    });
    render(<FasceDeboli />);
    await waitFor(() => expect(document.querySelector('#fd-deadline')).toHaveTextContent(
      'Campagna 2025: scadenza 28/11/2026, mancano 4 giorni — Mancano 4 giorni alla scadenza della campagna 2025.',
    ));
    fireEvent.click(screen.getByRole('button', { name: 'Aggiorna' }));
    await waitFor(() => expect(looks).toBe(2));
    fireEvent.click(screen.getByLabelText('Formazione di base'));
    fireEvent.click(screen.getByRole('button', { name: 'Richiedi il file' }));
    await waitFor(() => expect(requests).toEqual([{ tipologie: ['BASE'], anno: 2025, email: null }]));
    expect(looks).toBe(2);
    release!();
    await waitFor(() => expect(looks).toBe(3));
    await waitFor(() => expect(screen.getByText('Richiesta per l’anno 2025 inviata a FTWeb.')).toBeInTheDocument());

    fireEvent.click(screen.getByRole('button', { name: '3. Controllo' }));
    await waitFor(() => expect(screen.getByText('Nessun problema: il file si può caricare.')).toBeInTheDocument());
    expect(document.querySelector('#fd')).toHaveAttribute('data-step', 'controllo');
  });
});
