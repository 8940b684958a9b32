import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { PrenotazioneView } from '../backend';
import { CandidateAppointments } from '../components/CandidateAppointments';
import { monday, shift } from '../screens/Agenda';
import { ContattiCpi } from '../components/ContattiCpi';
import { backendMock } from './backendMock';

const booking = (id: string, stato: string, azioni: string[], extra: Partial<PrenotazioneView> = {}): PrenotazioneView => ({
  id, sportello: 'd1', sportello_nome: 'Accoglienza', codice_fiscale: 'RSSMRA80A01H501U', cittadino: 'Rossi Mario',
  tipo: 'stesura_cv', tipo_etichetta: 'Colloquio per stesura curriculum vitae', inizio: '2026-12-09T09:00:00',
  data: '09/12/2026', orario: '09:00–09:45', minuti: 45, stato, stato_etichetta: stato, nota: '', azioni,
  in_attesa: false, ...extra,
});

const desk = (id: string, filiale: string, nome: string) => ({
  id, filiale, nome, indirizzo: 'Via Roma 1', email: '', telefono: '', orari: [], eccezioni: [],
});

describe('the agenda', () => {
  it('moves days by the calendar and finds the week’s Monday', () => {
    expect(shift('2026-12-31', 1)).toBe('2027-01-01');
    expect(shift('2026-03-01', -1)).toBe('2026-02-28');
    expect(monday('2026-12-06')).toBe('2026-11-30');
    expect(monday('2026-12-07')).toBe('2026-12-07');
  });

  it('books a free slot of a desk of the citizen’s CPI and moves a booking', async () => {
    let mine = [booking('b1', 'prenotato', ['sposta', 'annulla'])];
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'agenda_del_cittadino': return mine;
        case 'agenda_sportelli': return [desk('d0', 'PO01', 'Prato'), desk('d1', 'FI01', 'Accoglienza'), desk('d2', 'FI01', 'Orientamento')];
        case 'agenda_tipi': return [{ codice: 'stesura_cv', descrizione: 'CV (45 minuti)' }, { codice: 'ricerca_lavoro', descrizione: 'Ricerca (30 minuti)' }];
        case 'get_settings': return { export_dir: null };
        case 'agenda_liberi': return ['2026-12-10T09:00:00', '2026-12-10T09:45:00'];
        case 'agenda_prenota': {
          const b = booking('b2', 'prenotato', ['sposta', 'annulla'], { data: '10/12/2026', orario: '09:45–10:30', in_attesa: true });
          mine = [b, booking('b1', 'spostato', [])];
          return b;
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateAppointments codiceFiscale="RSSMRA80A01H501U" branch="FI01" />);
    const deskSelect = await screen.findByLabelText('Sportello') as HTMLSelectElement;
    await waitFor(() => expect(deskSelect.options.length).toBe(2));
    expect([...deskSelect.options].map((o) => o.text)).toEqual(['Accoglienza', 'Orientamento']);

    const list = await screen.findByRole('list');
    fireEvent.click(within(list).getByRole('button', { name: 'Sposta' }));
    expect(screen.getByText(/Sposta l’appuntamento del 09\/12\/2026/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cerca orari liberi' }));
    const slot = await screen.findByLabelText('Orario libero') as HTMLSelectElement;
    fireEvent.change(slot, { target: { value: '2026-12-10T09:45:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Prenota' }));
    await screen.findByText(/Prenotato per il 10\/12\/2026 09:45–10:30/);
    // The booking's own time is free for it.
    expect(calls.find((c) => c.cmd === 'agenda_liberi')!.args).toMatchObject({ sportello: 'd1', tipo: 'stesura_cv', giorni: 14, sposta: 'b1' });
    expect(calls.find((c) => c.cmd === 'agenda_prenota')!.args).toMatchObject({
      codice_fiscale: 'RSSMRA80A01H501U', sportello: 'd1', tipo: 'stesura_cv', inizio: '2026-12-10T09:45:00', sposta: 'b1',
    });
    await waitFor(() => expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(2));
    expect(screen.queryByText(/Sposta l’appuntamento/)).toBeNull();
  });

  it('asks the reason of a cancellation and the outcome of a held interview', async () => {
    let mine = [booking('b1', 'prenotato', ['sposta', 'annulla']), booking('b0', 'prenotato', ['non_presentato', 'svolto'])];
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'agenda_del_cittadino': return mine;
        case 'agenda_sportelli': return [desk('d1', 'FI01', 'Accoglienza')];
        case 'agenda_tipi': return [];
        case 'get_settings': return { export_dir: null };
        case 'agenda_cambia': {
          const a = args as { id: string; azione: string };
          const done = booking(a.id, a.azione === 'annulla' ? 'annullato' : 'svolto', [], { stato_etichetta: a.azione });
          mine = mine.map((m) => (m.id === a.id ? done : m));
          return done;
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateAppointments codiceFiscale="RSSMRA80A01H501U" branch="FI01" />);
    const list = await screen.findByRole('list');
    const [future, past] = within(list).getAllByRole('listitem');
    expect(within(future).queryByRole('button', { name: 'Svolto' })).toBeNull();
    expect(within(past).queryByRole('button', { name: 'Annulla' })).toBeNull();
    expect(within(future).getByRole('button', { name: 'Ricevuta' })).toBeTruthy();

    fireEvent.click(within(future).getByRole('button', { name: 'Annulla' }));
    const confirm = within(future).getByRole('button', { name: 'Conferma' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(future).getByLabelText('Motivo dell’annullamento'), { target: { value: 'Malattia' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'agenda_cambia')).toBe(true));
    expect(calls.find((c) => c.cmd === 'agenda_cambia')!.args).toMatchObject({ id: 'b1', azione: 'annulla', testo: 'Malattia' });

    fireEvent.click(within(past).getByRole('button', { name: 'Svolto' }));
    expect(within(past).getByLabelText('Esito del colloquio')).toBeTruthy();
  });

  it('offers “Contatta il CPI” when no slot fits, and answers a request once with a text', async () => {
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'agenda_del_cittadino': return [];
        case 'agenda_sportelli': return [desk('d1', 'FI01', 'Accoglienza')];
        case 'agenda_tipi': return [{ codice: 'stesura_cv', descrizione: 'CV (45 minuti)' }];
        case 'get_settings': return { export_dir: null };
        case 'agenda_liberi': return [];
        case 'contatta_cpi': return { id: 'm1' };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateAppointments codiceFiscale="RSSMRA80A01H501U" branch="FI01" />);
    await waitFor(() => expect((screen.getByLabelText('Sportello') as HTMLSelectElement).options.length).toBe(1));
    await waitFor(() => expect((screen.getByLabelText('Colloquio') as HTMLSelectElement).value).toBe('stesura_cv'));
    fireEvent.click(screen.getByRole('button', { name: 'Cerca orari liberi' }));
    const send = await screen.findByRole('button', { name: 'Invia messaggio al CPI' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Motivo della richiesta'), { target: { value: 'Solo il sabato' } });
    fireEvent.click(send);
    await screen.findByText(/Messaggio al CPI registrato/);
    expect(calls.find((c) => c.cmd === 'contatta_cpi')!.args).toMatchObject({ codice_fiscale: 'RSSMRA80A01H501U', tipo: 'stesura_cv', testo: 'Solo il sabato' });
  });

  it('answers a request of the inbox with a text', async () => {
    const request = { id: 'm1', filiale: 'FI01', codice_fiscale: 'RSSMRA80A01H501U', cittadino: 'Rossi Mario', tipo_etichetta: 'CV',
      testo: 'Solo il sabato', scritto_il: '05/12/2026 10:00', risposta: null, risposto: '', in_attesa: false };
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'contatti_elenco': return [request];
        case 'contatto_rispondi': return { ...request, risposta: 'Sabato alle 10', in_attesa: true };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<ContattiCpi active onOpenSheet={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Rispondi' }));
    const send = screen.getByRole('button', { name: 'Invia risposta' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Risposta al cittadino'), { target: { value: 'Sabato alle 10' } });
    fireEvent.click(send);
    await screen.findByText(/Risposta a Rossi Mario registrata/);
    expect(calls.find((c) => c.cmd === 'contatto_rispondi')!.args).toMatchObject({ id: 'm1', testo: 'Sabato alle 10' });
  });
});
