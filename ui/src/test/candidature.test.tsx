import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { CandidaturaView, OffertaRiga } from '../backend';
import { CandidateApplications } from '../components/CandidateApplications';
import { backendMock } from './backendMock';

const app = (id: string, esito: string, esiti: string[], extra: Partial<CandidaturaView> = {}): CandidaturaView => ({
  id, offerta: 'o1', codice_offerta: 'FI-1', filiale: 'FI01', data: '01/12/2026', profilo: 'cuoco',
  codice_fiscale: 'RSSMRA80A01H501U', cittadino: 'Rossi Mario', esito, esito_etichetta: esito, nota: '',
  storico: ['01/12/2026 10:00 Inserita (cittadino)'], esiti, in_attesa: false, ...extra,
});

const offer = (id: string, codice: string, scadenza: string): OffertaRiga => ({
  id, codice, qualifica: 'cuoco', filiale: 'FI01', tipo_offerta: '', tipo_contratto: '', sedi: '', stato: 'pubblicata',
  stato_etichetta: 'Pubblicata', fine_pubblicazione: scadenza, scadenza, posti: 1, interessi: 0, in_attesa: false,
});

const esiti = [
  { codice: 'inserita', descrizione: 'Inserita' },
  { codice: 'preso_in_carico', descrizione: 'Preso in carico' },
  { codice: 'inviata_azienda', descrizione: "Inviata all'azienda" },
  { codice: 'non_inviata_azienda', descrizione: "Non inviata all'azienda" },
];

describe('CandidateApplications', () => {
  it('applies to an open offer of the citizen’s CPI with the requirement declared, and asks why one is not sent', async () => {
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'candidature_elenco': return [app('c1', 'preso_in_carico', ['inviata_azienda', 'non_inviata_azienda'])];
        case 'candidature_esiti': return esiti;
        case 'candidature_offerte': return [offer('o-new', 'FI-2', '31/12/2099')];
        case 'get_settings': return { export_dir: null };
        case 'cv_elenco': return [{ id: 'cv1', descrizione: 'cv numero 1', inserito_il: '28/06/2026 15:25', nome_file: 'cv.pdf' }];
        case 'candidatura_nuova': return app('c2', 'inserita', ['preso_in_carico'], { codice_offerta: 'FI-2', in_attesa: true });
        case 'candidatura_esito': return app('c1', 'non_inviata_azienda', [], { codice_offerta: 'FI-1', esito_etichetta: "Non inviata all'azienda" });
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateApplications codiceFiscale="RSSMRA80A01H501U" branch="FI01" />);
    const offerSelect = await screen.findByLabelText('Offerta pubblicata') as HTMLSelectElement;
    await waitFor(() => expect(offerSelect.options.length).toBe(1));
    expect(offerSelect.options[0].text).toContain('FI-2');
    const send = screen.getByRole('button', { name: 'Invia candidatura' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/dichiara di essere in possesso/));
    const cvSelect = screen.getByLabelText('Curriculum Vitae') as HTMLSelectElement;
    await waitFor(() => expect(cvSelect.options.length).toBe(2));
    fireEvent.change(cvSelect, { target: { value: 'cv1' } });
    fireEvent.click(send);
    await screen.findByText(/Candidatura all’offerta FI-2 registrata/);
    expect(calls.find((c) => c.cmd === 'candidature_offerte')!.args).toMatchObject({ filiale: 'FI01' });
    expect(calls.find((c) => c.cmd === 'candidatura_nuova')!.args).toMatchObject({ offerta: 'o-new', requisiti_dichiarati: true, cv: 'cv1' });
    expect(calls.find((c) => c.cmd === 'candidature_elenco')!.args).toMatchObject({ codice_fiscale: 'RSSMRA80A01H501U', includi_storico: false });

    const row = screen.getByRole('table').querySelector('tr.candidatura') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: "Non inviata all'azienda" }));
    const confirm = within(row).getByRole('button', { name: /Conferma/ }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(row).getByLabelText('Perché non è inviata all’azienda'), { target: { value: 'Manca la patente' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'candidatura_esito')).toBe(true));
    expect(calls.find((c) => c.cmd === 'candidatura_esito')!.args).toMatchObject({ id: 'c1', esito: 'non_inviata_azienda', nota: 'Manca la patente' });

    fireEvent.click(screen.getByLabelText('Includi storico'));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'candidature_elenco').some((c) => (c.args as { includi_storico: boolean }).includi_storico)).toBe(true));
  });
});
