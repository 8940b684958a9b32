import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Corsi as CorsiList, CorsoForm, CorsoRiga, CorsoScheda, ListeCorsi } from '../backend';
import { Corsi } from '../screens/Corsi';
import { backendMock } from './backendMock';

const liste: ListeCorsi = {
  tipologie: [
    { codice: 'preparazione_certificazione_linguistica', descrizione: 'Preparazione certificazione linguistica (livello minimo B1)', esiti: ['A', 'B'], richiede_accreditamento: false },
    { codice: 'esame_certificazione_informatica', descrizione: 'Esame certificazione informatica', esiti: ['E'], richiede_accreditamento: false },
    { codice: 'aggiornamento_professionale', descrizione: 'Aggiornamento professionale', esiti: ['A'], richiede_accreditamento: true },
  ],
  esiti: ['A', 'B', 'C', 'D', 'E', 'F'].map((c) => ({ codice: c, descrizione: `${c} – esito ${c}` })),
};

const riga = (id: string, stato: string, extra: Partial<CorsoRiga> = {}): CorsoRiga => ({
  id, codice: '12', identificativo: 'ING-1', titolo: `Corso ${id}`, tipologia: 'Esame certificazione informatica',
  ente: 'Agenzia Demo Formazione srl', comune: 'Padova (PD)', inizio: '10/01/2027', fine: '20/01/2027', ore: 10,
  costo: '90,00', esito: 'Certificazione Informatica', stato, stato_etichetta: stato, richiesta_validazione: '',
  validato: stato === 'validato', cancellato: false, in_attesa: false, mio: true, ...extra,
});

const blank: CorsoForm = {
  tipologia: '', codice_accreditamento: '', identificativo: '', titolo: '', denominazione_ente: 'Agenzia Demo Formazione srl',
  indirizzo_ente: 'Via Roma 12', comune: 'Padova', provincia: 'PD', cap: '35122', mail_ente: 'f@agenzia.example',
  telefono_ente: '049 8765432', ore: '', inizio: '', fine: '', costo: '', esito: '', finalita: [],
};

const scheda = (r: CorsoRiga, azioni: string[], finalita = [{ testo: '<b>non</b> HTML', grassetto: true, corsivo: false, sottolineato: false }]): CorsoScheda => ({
  riga: r, form: { ...blank, finalita }, storico: ['05/12/2026 10:00 — master — Creato'], azioni, motivo_rinvio: null,
  utilizzabile: r.stato === 'validato',
});

const list = (righe: CorsoRiga[], extra: Partial<CorsiList> = {}): CorsiList => ({
  righe, ente: '01234567897', validatore: false, da_validare: 0, aggiornato: true, ...extra,
});

describe('Corsi', () => {
  it('applies the type → outcome rule and the accreditation rule as one types', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'corsi_liste': return liste;
        case 'corsi_elenco': return list([]);
        case 'corso_nuovo': return blank;
        case 'corso_problemi': {
          const f = args as unknown as CorsoForm;
          return f.tipologia === 'aggiornamento_professionale' && !f.codice_accreditamento
            ? [{ code: 'codice_accreditamento', message: 'Codice accreditamento regionale: obbligatorio per l’aggiornamento professionale.' }]
            : [];
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Corsi />);
    fireEvent.click(await screen.findByRole('button', { name: 'Nuovo corso' }));
    const tipo = await screen.findByLabelText(/Tipologia corso \*/, { selector: '#cf-tipologia' });
    fireEvent.change(tipo, { target: { value: 'esame_certificazione_informatica' } });
    const esito = screen.getByLabelText(/Esito\/Titolo rilasciato/) as HTMLSelectElement;
    // One outcome allowed: chosen; only it is offered.
    expect(esito.value).toBe('E');
    expect(within(esito).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', 'E']);
    fireEvent.change(tipo, { target: { value: 'preparazione_certificazione_linguistica' } });
    expect(esito.value).toBe('');
    expect(within(esito).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', 'A', 'B']);
    fireEvent.change(tipo, { target: { value: 'aggiornamento_professionale' } });
    expect(screen.getByLabelText(/Codice accreditamento regionale \*/)).toBeInTheDocument();
    expect(await screen.findByText(/obbligatorio per l’aggiornamento professionale/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Salva bozza' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText(/Codice accreditamento regionale/), { target: { value: 'A0001' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Salva bozza' })).toBeEnabled());
    const last = calls.filter((c) => c.cmd === 'corso_problemi').at(-1)!.args as unknown as CorsoForm;
    expect(last.codice_accreditamento).toBe('A0001');
  });

  it('shows only the actions the state allows and never renders the Finalità as HTML', async () => {
    const r = riga('c1', 'in_validazione');
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'corsi_liste': return liste;
        case 'corsi_elenco': return list([r], { ente: null, validatore: true, da_validare: 1 });
        case 'corso_scheda': return scheda(r, ['valida', 'rinvia']);
        case 'corso_azione': {
          const a = args as { azione: string; motivo: string };
          return a.azione === 'rinvia' ? { ...scheda(riga('c1', 'bozza'), []), motivo_rinvio: a.motivo } : null;
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Corsi />);
    expect(await screen.findByText('Da validare')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Nuovo corso' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Corso c1' }));
    const sheet = await screen.findByRole('heading', { name: 'Corso c1' });
    const card = sheet.closest('section')!;
    const buttons = within(card.querySelector('#corso-azioni') as HTMLElement).getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(['Valida', 'Rinvia all’ente']);
    // The text a provider typed stays text.
    const finalita = card.querySelector('.corso-finalita')!;
    expect(finalita.textContent).toBe('<b>non</b> HTML');
    expect(finalita.querySelector('b')).toBeNull();
    expect(finalita.querySelector('strong')).not.toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Rinvia all’ente' }));
    const confirm = screen.getByRole('button', { name: 'Conferma il rinvio' });
    expect(confirm).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Motivo del rinvio all’ente'), { target: { value: 'Manca il calendario.' } });
    fireEvent.click(confirm);
    expect(await screen.findByText('Rinviato dalla Regione: Manca il calendario.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'corso_azione')?.args).toEqual({ id: 'c1', azione: 'rinvia', motivo: 'Manca il calendario.' });
  });

  it('lists the row problems of a refused import and saves nothing', async () => {
    backendMock((cmd) => {
      switch (cmd) {
        case 'corsi_liste': return liste;
        case 'corsi_elenco': return list([]);
        case 'plugin:dialog|open': return '/home/ente/corsi.xlsx';
        case 'corsi_importa': return {
          file: '/home/ente/corsi.xlsx', righe: 2, inserite: 0, errori_totali: 1,
          errori: [{ riga: 3, colonna: 'Esito/Titolo rilasciato', messaggio: 'Esito non previsto' }],
        };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Corsi />);
    fireEvent.click(await screen.findByText('Importa corsi da un foglio di calcolo'));
    fireEvent.click(screen.getByRole('button', { name: 'Importa il file…' }));
    expect(await screen.findByText('Nessun corso salvato: 1 problema in 2 righe.')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'Esito/Titolo rilasciato' })).toBeInTheDocument();
  });
});
