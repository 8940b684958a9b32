import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReportSummary, ReportView } from '../backend';
import { Report } from '../screens/Report';
import { Dashboard } from '../screens/Dashboard';
import { backendMock } from './backendMock';

const summary = (giorno: string, letto: boolean, programmato = true): ReportSummary => ({
  giorno, titolo: `Report del ${giorno.split('-').reverse().join('/')}`, generato: '06/12/2026 07:00',
  programmato, letto, cittadini_nuovi: 5, interessi_nuovi: 7, interessi_da_valutare: 12,
});

const andamento = (c: number[]) => c.map((n, i) => ({ giorno: `${String(i + 1).padStart(2, '0')}/11`, cittadini: n, interessi: 1 }));

const view = (giorno: string, programmato = true): ReportView => ({
  giorno, titolo: `Report del ${giorno.split('-').reverse().join('/')}`, generato: '06/12/2026 07:00', programmato,
  voci: ['Cittadini seguiti', 'Nuovi cittadini'],
  filiali: [
    { code: 'FI01', nome: 'Firenze', valori: [1200, 3], andamento: andamento(Array(30).fill(2)) },
    { code: 'PO01', nome: 'Prato', valori: [800, 2], andamento: andamento(Array(30).fill(1)) },
  ],
  totale: [2000, 5],
  campagna: 'Campagna fasce deboli 2026: scadenza 31/12/2026, tra 25 giorni',
});

describe('Report giornaliero', () => {
  it('opens the newest report: a column per branch, the total, a chart per branch; exports it', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'report_elenco': return [summary('2026-12-05', false), summary('2026-12-04', true)];
        case 'report_apri': return view((args as { giorno: string }).giorno);
        case 'report_esporta': return { file: '/home/super/report-2026-12-05.pdf', bytes: 4096, audit_id: 7 };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Report />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(within(rows[0]).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Voce', 'FI01', 'PO01', 'Totale']);
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1200', '800', '2000']);
    expect(calls.find((c) => c.cmd === 'report_apri')?.args).toEqual({ giorno: '2026-12-05' });
    expect(screen.getByText(/tra 25 giorni/)).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'FI01: negli ultimi 30 giorni 60 nuovi cittadini e 30 nuove manifestazioni di interesse' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /PO01: negli ultimi 30 giorni 30 nuovi cittadini/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /04\/12\/2026/ })).not.toHaveTextContent('Nuovo');
    await waitFor(() => expect(screen.getByRole('button', { name: /05\/12\/2026/ })).not.toHaveTextContent('Nuovo'));

    fireEvent.click(screen.getByRole('button', { name: 'Esporta in PDF' }));
    expect(screen.getByLabelText('File da creare')).toHaveValue('report-2026-12-05.pdf');
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    expect(await screen.findByText(/report-2026-12-05\.pdf/, { selector: '#report-pdf-form-done *' })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'report_esporta')?.args).toEqual({
      giorno: '2026-12-05', formato: 'pdf', path: 'report-2026-12-05.pdf', overwrite: false,
    });
  });

  it('asks the server for a past day and shows it marked as on demand', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'report_elenco': return [];
        case 'report_chiedi': return view((args as { giorno: string }).giorno, false);
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Report />);
    expect(await screen.findByText(/Nessun report ancora/)).toBeInTheDocument();
    const ask = screen.getByRole('button', { name: 'Chiedi al server' });
    expect(ask).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Report di un giorno passato'), { target: { value: '2026-11-20' } });
    fireEvent.click(ask);
    expect(await screen.findByRole('heading', { name: 'Report del 20/11/2026' })).toBeInTheDocument();
    expect(screen.getByText(/\(su richiesta\)/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'report_chiedi')?.args).toEqual({ giorno: '2026-11-20' });
  });

  it('announces the latest unread report on the Cruscotto and opens it', async () => {
    backendMock((cmd) => {
      switch (cmd) {
        case 'dashboard': return { candidates: 10, branches: [] };
        case 'report_elenco': return [summary('2026-12-05', false)];
        case 'cv_in_scadenza': return [{ cittadino: 'Rossi Mario', cv: { id: 'c1', codice_fiscale: 'RSSMRA80A01H501U', descrizione: 'cv numero 1', nome_file: 'cv.pdf', scadenza: '20/12/2026' } }];
        case 'sync_status': return { connected: false, online: false, last_sync_at: null, data_age_minutes: null, pending: 0, rejected: 0, conflicts: 0, problems: [], offline_reason: null, server: null };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    let opened = '';
    render(<Dashboard session={{ user: 'super', role: 'super', scope: [], branches: [], demo: false, server: null, login: null } as never}
      onOpenReport={(g) => { opened = g; }} />);
    const card = await screen.findByText(/Report giornaliero: Report del 05\/12\/2026/);
    expect(card).toHaveTextContent('Nuovo');
    expect(screen.getByText('5 nuovi cittadini, 7 nuove manifestazioni di interesse, 12 da valutare')).toBeInTheDocument();
    expect(await screen.findByText('1 curriculum in scadenza')).toBeInTheDocument();
    expect(screen.getByText(/Rossi Mario \(RSSMRA80A01H501U\) — cv numero 1: cancellato il 20\/12\/2026/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Apri il report' }));
    await waitFor(() => expect(opened).toBe('2026-12-05'));
  });
});
