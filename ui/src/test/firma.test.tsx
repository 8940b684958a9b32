import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { DocumentoView } from '../backend';
import { CandidateSigning } from '../components/CandidateSigning';
import { backendMock } from './backendMock';

const doc = (id: string, stato: string, azioni: string[], extra: Partial<DocumentoView> = {}): DocumentoView => ({
  id, numero: '7', tipo: 'patto_servizio_150', tipo_etichetta: 'Patto di servizio 150', stato, data: '06/12/2026',
  traccia: 'Documento Inserito il 06/12/2026 10:00', azioni, in_attesa: false, ...extra,
});

describe('CandidateSigning', () => {
  it('offers only the steps the state allows and asks the reason of an annulment', async () => {
    let documenti = [
      doc('a', 'in_corso', ['prendi_in_carico', 'annulla', 'sostituisci']),
      doc('b', 'annullato', [], { tipo_etichetta: 'Ricevuta DID OnLine', numero: '', in_attesa: true }),
    ];
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'documenti_tipi': return [{ codice: 'patto_servizio_150', descrizione: 'Patto di servizio 150' }];
        case 'documenti_elenco': return documenti;
        case 'get_settings': return { export_dir: null };
        case 'documento_azione': {
          documenti = [doc('a', 'annullato', []), documenti[1]];
          return documenti[0];
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateSigning codiceFiscale="RSSMRA80A01H501U" />);
    const list = await screen.findByRole('list');
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first).getByRole('button', { name: 'Prendi in carico' })).toBeTruthy();
    expect(within(first).queryByRole('button', { name: 'Firma operatore' })).toBeNull();
    expect(within(second).queryByRole('button', { name: 'Annulla documento' })).toBeNull();
    expect(second.textContent).toContain('Pratica in attesa di numero');
    expect(second.textContent).toContain('Da inviare');

    fireEvent.click(within(first).getByRole('button', { name: 'Annulla documento' }));
    const confirm = within(first).getByRole('button', { name: 'Conferma annullamento' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(first).getByLabelText('Motivo dell’annullamento'), { target: { value: 'Dati errati' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'documento_azione')).toBe(true));
    expect(calls.find((c) => c.cmd === 'documento_azione')!.args).toMatchObject({ id: 'a', azione: 'annulla', motivo: 'Dati errati' });
    await screen.findByText(/«Annulla documento» registrato/);
  });
});
