import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { backendMock as mockBackend } from './backendMock';
import type { Channel } from '@tauri-apps/api/core';
import type { ReceiptDto, SapBatchArgs, SapBatchProgress, Settings } from '../backend';
import { EMPTY_FILTER } from '../components/FilterPanel';
import { SheetDocuments } from '../components/SheetDocuments';
import { SapBatchPanel } from '../components/SapBatchPanel';
import { Receipts } from '../screens/Receipts';

const CF = 'RSSMRA85T10A562S';
const SETTINGS: Settings = { server_url: 'http://127.0.0.1:1', export_dir: '/home/op/Documenti', auto_lock_minutes: 10, ca_certificate: null };

/** Records every command; `answer` gives the result (or throws the backend's error). */
function backendMock(answer: (cmd: string, args: Record<string, unknown> | undefined, payload: Record<string, unknown>) => unknown) {
  return mockBackend((cmd, args, p) => (cmd === 'get_settings' ? SETTINGS : answer(cmd, args, p)));
}

const report = (file: string) => ({ file, bytes: 40_960, audit_id: 7 });

describe('SheetDocuments', () => {
  it('"Stampa SAP" writes the SAP where the form says, then opens it', async () => {
    const calls = backendMock((cmd, args) => {
      if (cmd === 'print_sap') return report(String(args?.path));
      if (cmd === 'open_document' || cmd === 'reveal_document') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SheetDocuments codiceFiscale={CF} />);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'get_settings')).toBe(true));
    fireEvent.click(await screen.findByRole('button', { name: 'Stampa SAP' }));
    const path = screen.getByLabelText('File da creare') as HTMLInputElement;
    expect(path.value).toBe(`/home/op/Documenti/SAP_${CF}.pdf`);
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(`Documento creato: /home/op/Documenti/SAP_${CF}.pdf (40 KB)`));
    expect(calls.find((c) => c.cmd === 'print_sap')?.args).toEqual({
      codice_fiscale: CF,
      path: `/home/op/Documenti/SAP_${CF}.pdf`,
      overwrite: false,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apri file' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apri cartella' }));
    await waitFor(() => expect(calls.map((c) => c.cmd)).toEqual(expect.arrayContaining(['open_document', 'reveal_document'])));
  });

  it('replaces an existing file only when the operator asks', async () => {
    const calls = backendMock((cmd, args) => {
      if (cmd !== 'export_sap_xml') throw new Error(`unexpected ${cmd}`);
      if (!args?.overwrite) throw { code: 'file_esistente', message: 'il file /tmp/s.xml esiste già: scegli un altro nome o chiedi di sovrascriverlo' };
      return report(String(args.path));
    });
    render(<SheetDocuments codiceFiscale={CF} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Esporta SAP XML' }));
    // A name typed without its extension gets it.
    fireEvent.change(screen.getByLabelText('File da creare'), { target: { value: '/tmp/s' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'file_esistente'));
    expect(screen.queryByRole('status')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sostituisci il file esistente' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('/tmp/s.xml'));
    const xml = calls.filter((c) => c.cmd === 'export_sap_xml').map((c) => c.args);
    expect(xml).toEqual([
      { codice_fiscale: CF, path: '/tmp/s.xml', overwrite: false },
      { codice_fiscale: CF, path: '/tmp/s.xml', overwrite: true },
    ]);
  });

  it('takes the file from the save dialog, which already asked about replacing it', async () => {
    const calls = backendMock((cmd, args) => {
      if (cmd === 'plugin:dialog|save') return '/home/op/scelto';
      if (cmd === 'print_sap') return report(String(args?.path));
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SheetDocuments codiceFiscale={CF} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Stampa SAP' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sfoglia…' }));
    await waitFor(() => expect((screen.getByLabelText('File da creare') as HTMLInputElement).value).toBe('/home/op/scelto.pdf'));
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(screen.getByRole('status')).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === 'print_sap')?.args).toMatchObject({ path: '/home/op/scelto.pdf', overwrite: true });
  });

  it('an anonymous CV leaves out every personal datum and does not name the file after the candidate', async () => {
    const calls = backendMock((cmd, args) => {
      if (cmd === 'print_cv') return report(String(args?.path));
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SheetDocuments codiceFiscale={CF} />);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'get_settings')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'CV in PDF' }));
    expect((screen.getByLabelText('File da creare') as HTMLInputElement).value).toBe(`/home/op/Documenti/CV_${CF}.pdf`);
    fireEvent.click(screen.getByLabelText(/Recapiti/));
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(screen.getByRole('status')).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === 'print_cv')?.args).toEqual({
      codice_fiscale: CF, path: `/home/op/Documenti/CV_${CF}.pdf`, overwrite: false,
      anonymous: false, birth_date: true, include_codice_fiscale: true, contacts: false, address: true,
    });

    fireEvent.click(screen.getByLabelText(/CV anonimo/));
    expect((screen.getByLabelText('File da creare') as HTMLInputElement).value).toBe('/home/op/Documenti/CV_anonimo.pdf');
    expect(screen.getByLabelText(/Codice fiscale/)).toBeDisabled();
    expect(screen.getByLabelText(/Codice fiscale/)).not.toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'print_cv')).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === 'print_cv')[1].args).toMatchObject({
      anonymous: true, path: '/home/op/Documenti/CV_anonimo.pdf',
    });
  });
});

describe('SapBatchPanel', () => {
  it('writes a folder of SAPs for the search, with progress and a summary', async () => {
    let channel: Channel<SapBatchProgress> | null = null;
    let finish: (v: unknown) => void = () => {};
    const calls = backendMock((cmd, _args, payload) => {
      if (cmd !== 'sap_batch') throw new Error(`unexpected ${cmd}`);
      channel = payload.onProgress as Channel<SapBatchProgress>;
      return new Promise((resolve) => { finish = resolve; });
    });
    const filter = { ...EMPTY_FILTER, age_max: 30 };
    render(<SapBatchPanel filter={filter} sort="age:desc" exportDir="/home/op" onClose={() => {}} />);
    expect((screen.getByLabelText('Cartella di destinazione') as HTMLInputElement).value).toBe('/home/op/SAP');
    fireEvent.click(screen.getByRole('button', { name: 'Crea le schede' }));
    await waitFor(() => expect(channel).not.toBeNull());
    act(() => channel!.onmessage({ done: 120, total: 480 }));
    expect(screen.getByText('120 di 480 schede')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(calls[0].args as SapBatchArgs).toEqual({ filter, sort: 'age:desc', out_dir: '/home/op/SAP', merged: null, overwrite: false });
    await act(async () => finish({ candidates: 480, out_dir: '/home/op/SAP', merged: null, audit_id: 3 }));
    expect(screen.getByRole('status')).toHaveTextContent('Create 480 schede SAP nella cartella /home/op/SAP.');
    expect(document.querySelector('#sap-batch-summary')).toHaveAttribute('data-candidates', '480');
    expect(screen.queryByRole('progressbar')).toBeNull();
    // A folder is opened, not revealed in its parent.
    expect(screen.queryByRole('button', { name: 'Apri file' })).toBeNull();
  });

  it('"Annulla" stops the batch and says nothing was written', async () => {
    let fail: (e: unknown) => void = () => {};
    const calls = backendMock((cmd) => {
      if (cmd === 'sap_batch') return new Promise((_, reject) => { fail = reject; });
      if (cmd === 'cancel_sap_batch') {
        fail({ code: 'operazione_annullata', message: 'operazione annullata: nessun file scritto' });
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SapBatchPanel filter={EMPTY_FILTER} sort="surname" exportDir={null} onClose={() => {}} />);
    fireEvent.click(screen.getByLabelText(/Un unico PDF/));
    expect((screen.getByLabelText('File da creare') as HTMLInputElement).value).toBe('SAP_risultati.pdf');
    fireEvent.click(screen.getByRole('button', { name: 'Crea le schede' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Annulla' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('nessuna scheda è stata scritta'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(['sap_batch', 'cancel_sap_batch']);
    expect(calls[0].args).toMatchObject({ out_dir: null, merged: 'SAP_risultati.pdf' });
  });

  it('shows why a batch could not start', async () => {
    backendMock(() => {
      throw { code: 'input_non_valido', message: 'nessun candidato corrisponde ai criteri: nessuna scheda da stampare' };
    });
    render(<SapBatchPanel filter={EMPTY_FILTER} sort="surname" exportDir={null} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Crea le schede' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('nessuna scheda da stampare'));
  });
});

const RECEIPT: ReceiptDto = {
  number: 'R-1A2B3C-000002',
  issued_at: '2026-11-23T09:30:00Z',
  operator: 'mario.rossi',
  branch: 'FI01',
  kind: 'fasce_deboli_upload',
  title: 'Caricamento file fasce deboli (Forma.Temp)',
  fields: [['Anno di riferimento', '2026']],
  tables: [],
  file: { name: 'compilato.xlsx', bytes: 1234, sha256: 'ab'.repeat(32) },
  acknowledgement: 'UP-42',
};

describe('Receipts', () => {
  it('lists the receipts and reprints one', async () => {
    const calls = backendMock((cmd, args) => {
      if (cmd === 'receipts') return [RECEIPT, { ...RECEIPT, number: 'R-1A2B3C-000001', kind: 'altro', file: null, acknowledgement: null }];
      if (cmd === 'print_receipt') return report(String(args?.path));
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Receipts exportDir="/home/op" />);
    await waitFor(() => expect(screen.getByText('2 ricevute')).toBeInTheDocument());
    const first = document.querySelector('tr[data-number="R-1A2B3C-000002"]')!;
    expect(first).toHaveTextContent('Caricamento fasce deboli');
    expect(first).toHaveTextContent('compilato.xlsx');
    expect(first).toHaveTextContent(`SHA-256 ${'ab'.repeat(8)}…`);
    expect(first).toHaveTextContent('UP-42');
    expect(first).toHaveTextContent(/23\/11\/2026/);
    // An unknown kind is shown as it is, missing parts as a dash.
    expect(document.querySelector('tr[data-number="R-1A2B3C-000001"]')).toHaveTextContent('altro');
    fireEvent.click(screen.getByRole('button', { name: 'Ristampa R-1A2B3C-000001' }));
    expect(screen.getByRole('heading', { name: 'Ristampa della ricevuta R-1A2B3C-000001' })).toBeInTheDocument();
    expect((screen.getByLabelText('File da creare') as HTMLInputElement).value).toBe('/home/op/Ricevuta_R-1A2B3C-000001.pdf');
    fireEvent.click(screen.getByRole('button', { name: 'Crea il documento' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Ricevuta_R-1A2B3C-000001.pdf'));
    expect(calls.find((c) => c.cmd === 'print_receipt')?.args).toEqual({
      number: 'R-1A2B3C-000001', path: '/home/op/Ricevuta_R-1A2B3C-000001.pdf', overwrite: false,
    });
  });

  it('says in words that there are none yet', async () => {
    backendMock((cmd) => {
      if (cmd === 'receipts') return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Receipts exportDir={null} />);
    await waitFor(() => expect(screen.getByText(/Nessuna ricevuta/)).toBeInTheDocument());
    expect(screen.queryByRole('table')).toBeNull();
  });
});
