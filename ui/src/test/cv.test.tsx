import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { CvView } from '../backend';
import { CandidateCv } from '../components/CandidateCv';
import { backendMock } from './backendMock';

const TERRITORI = ['Arezzo', 'Firenze', 'Prato'];

const cv = (id: string, extra: Partial<CvView> = {}): CvView => ({
  id, codice_fiscale: 'RSSMRA80A01H501U', inserito_il: '28/06/2026 15:25', descrizione: 'cv numero 1',
  consenso: true, territori: ['Firenze'], caricato_cpi: true, nome_file: 'CV Rossi.pdf', formato: 'PDF',
  dimensione: '24 KB', caratteri: 1200, scadenza: '28/06/2027', conservazione: 'attivo',
  storico: [{ quando: '28/06/2026 15:25', tipo: 'Caricamento', note: 'Curriculum caricato.' }],
  richieste: [], file_locale: true, in_attesa: false, ...extra,
});

const scan = {
  code: 'invalid_input',
  message: 'Il file non contiene testo leggibile: sembra una scansione. Caricare un file con il testo selezionabile.',
};

describe('CandidateCv', () => {
  it('uploads a CV with consent and territories, and shows the scan refusal in Italian', async () => {
    let refuse = true;
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'cv_elenco': return [];
        case 'cv_territori': return TERRITORI;
        case 'get_settings': return { export_dir: null };
        case 'cv_carica':
          if (refuse) { refuse = false; throw scan; }
          return cv('n1', { in_attesa: true });
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateCv codiceFiscale="RSSMRA80A01H501U" />);
    await screen.findByText('Nessun curriculum caricato per questo cittadino.');
    fireEvent.click(screen.getByRole('button', { name: 'Nuovo' }));
    const save = screen.getByRole('button', { name: 'Salva' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('File'), { target: { value: '/home/op/scansione.pdf' } });
    fireEvent.click(save);
    await screen.findByText(/sembra una scansione/);

    fireEvent.change(screen.getByLabelText('File'), { target: { value: '/home/op/CV Rossi.pdf' } });
    fireEvent.change(screen.getByLabelText('Descrizione'), { target: { value: 'cv numero 1' } });
    fireEvent.click(screen.getByLabelText('Sì, presta il consenso'));
    fireEvent.click(screen.getByLabelText('Prato'));
    fireEvent.click(screen.getByLabelText('Firenze'));
    fireEvent.click(save);
    await screen.findByText(/Curriculum «CV Rossi.pdf» registrato/);
    const sent = calls.filter((c) => c.cmd === 'cv_carica').pop()!.args;
    expect(sent).toMatchObject({
      codice_fiscale: 'RSSMRA80A01H501U', path: '/home/op/CV Rossi.pdf', caricato_cpi: true,
      dati: { descrizione: 'cv numero 1', consenso: true, territori: ['Firenze', 'Prato'] },
    });
  });

  it('answers a pending request once, asks before deleting, and marks a CV about to expire', async () => {
    const pending = { id: 'r1', data: '02/11/2026', azienda: 'GPI S.P.A.', posizione: 'PIZZAIOLO', stato: 'RICHIESTA', risposta_il: '' };
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'cv_elenco': return [cv('c1', { richieste: [pending], conservazione: 'in_scadenza' }), cv('c2', { consenso: false })];
        case 'cv_territori': return TERRITORI;
        case 'get_settings': return { export_dir: null };
        case 'cv_risposta': return cv('c1');
        case 'cv_elimina': return null;
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateCv codiceFiscale="RSSMRA80A01H501U" />);
    const rows = await screen.findAllByRole('row', { name: /CV Rossi/ });
    const first = rows.find((r) => r.getAttribute('data-cv') === 'c1')!;
    expect(within(first).getByText('In scadenza')).toBeTruthy();
    const request = first.querySelector('tr.cv-richiesta') as HTMLElement;
    fireEvent.click(within(request).getByRole('button', { name: /Accetta/ }));
    await screen.findByText('Risposta registrata: ACCETTATA.');
    expect(calls.find((c) => c.cmd === 'cv_risposta')!.args).toMatchObject({ id: 'c1', richiesta: 'r1', stato: 'accettata' });

    const second = (await screen.findAllByRole('row', { name: /CV Rossi/ })).find((r) => r.getAttribute('data-cv') === 'c2')!;
    expect(within(second).getByText(/Senza consenso alla ricerca/)).toBeTruthy();
    fireEvent.click(within(second).getByRole('button', { name: 'Elimina' }));
    expect(calls.some((c) => c.cmd === 'cv_elimina')).toBe(false);
    fireEvent.click(within(second).getByRole('button', { name: 'Sì, elimina' }));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'cv_elimina')?.args).toMatchObject({ id: 'c2' }));
    await screen.findByText(/Curriculum eliminato/);
  });
});
