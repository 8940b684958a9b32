import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { backendMock } from './backendMock';
import type { Abbinamenti, ListeOfferte, OffertaForm, OffertaRiga, OffertaScheda } from '../backend';
import { Offerte } from '../screens/Offerte';
import { CandidateOffers } from '../components/CandidateOffers';
import { CandidateNotes } from '../components/CandidateNotes';
import { useState } from 'react';


const v = (codice: string, descrizione = codice) => ({ codice, descrizione });
const LISTE: ListeOfferte = {
  tipi_offerta: [v('PRESELEZIONE', 'Preselezione')],
  tipi_contratto: [v('TEMPO_DETERMINATO', 'LAVORO A TEMPO DETERMINATO')],
  modalita_lavoro: [v('FULL_TIME', 'FULL TIME')],
  motivi_rifiuto: [v('DISTANZA', 'Sede di lavoro troppo distante')],
  stati: [v('bozza', 'Bozza'), v('pubblicata', 'Pubblicata'), v('scaduta', 'Scaduta'), v('chiusa', 'Chiusa')],
  stati_interesse: [v('da_valutare', 'Da valutare'), v('contattato', 'Contattato')],
  titoli_studio: [v('4', 'Maturità')],
};
const FORM: OffertaForm = {
  filiale: 'FI01', tipo_offerta: '', tipo_contratto: '', qualifica: '', descrizione_qualifica: '', esperienza_richiesta: false,
  descrizione_esperienza: '', posti: '1', modalita_lavoro: '', sedi: '', scadenza: '31/01/2027', fine_pubblicazione: '31/01/2027',
  partita_iva: false, mezzi_trasporto: false, trasferte: false, collocamento_mirato: false, titolo_studio_minimo: '', patenti: '', lingue: '',
};
const RIGA: OffertaRiga = {
  id: 'o-1', codice: 'FI-10001', qualifica: 'Magazziniere', filiale: 'FI01', tipo_offerta: 'Preselezione',
  tipo_contratto: 'LAVORO A TEMPO DETERMINATO', sedi: 'Firenze (FI)', stato: 'pubblicata', stato_etichetta: 'Pubblicata',
  fine_pubblicazione: '31/01/2027', scadenza: '31/01/2027', posti: 2, interessi: 0, in_attesa: false,
};
const SCHEDA: OffertaScheda = {
  riga: RIGA, identificativo: '700000000001', descrizione_qualifica: 'Carico e scarico', esperienza: 'NO', modalita_lavoro: 'FULL TIME',
  requisiti: [['Possesso partita IVA', 'NO']], titolo_studio_minimo: '—', patenti: '—', lingue: '—',
  storico: ['01/12/2026 09:00 — op: creata'], form: { ...FORM, qualifica: 'Magazziniere' }, azioni: ['modifica', 'ripubblica', 'chiudi', 'proponi'],
};
const FITS: Abbinamenti = {
  offerta: 'FI-10001', qualifica: 'Magazziniere — Firenze (FI)', totale: 2,
  righe: [
    { codice_fiscale: 'RSSMRA85T10A562S', cognome: 'Rossi', nome: 'Mario', filiale: 'FI01', comune: 'firenze', distanza: '3 km', interessato: false,
      criteri: [{ criterio: 'Qualifica', soddisfatto: true, motivo: 'Il CV cita: magazzinier.' }, { criterio: 'Disponibilità', soddisfatto: false, motivo: 'Non risulta in cerca di lavoro.' }] },
    { codice_fiscale: 'BNCLRA90A41D612X', cognome: 'Bianchi', nome: 'Laura', filiale: 'FI01', comune: 'prato', distanza: '17 km', interessato: true, criteri: [] },
  ],
};

describe('Offerte', () => {
  it('searches with seed 003’s fields, opens an offer, explains the fits and proposes it', async () => {
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'offerte_liste': return LISTE;
        case 'offerte_elenco': return [RIGA];
        case 'offerta_scheda': return SCHEDA;
        case 'interessi_elenco': return [];
        case 'abbinamenti': return FITS;
        case 'offerta_proponi': return 1;
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Offerte />);
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Magazziniere')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'offerte_elenco')?.args).toMatchObject({ stato: 'pubblicata' });
    fireEvent.change(screen.getByLabelText('Qualifica'), { target: { value: 'magazz' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cerca' }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'offerte_elenco').at(-1)?.args).toMatchObject({ qualifica: 'magazz' }));

    fireEvent.click(screen.getByRole('button', { name: 'FI-10001' }));
    expect(await screen.findByText('Carico e scarico')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Candidati adatti' }));
    expect(await screen.findByText('2 candidati pertinenti')).toBeInTheDocument();
    expect(screen.getByText(/Il CV cita: magazzinier/)).toBeInTheDocument();
    expect(screen.getByText('Già interessato')).toBeInTheDocument();
    const propose = screen.getByRole('button', { name: 'Proponi l’offerta' });
    expect(propose).toBeDisabled();
    fireEvent.click(screen.getByLabelText('Seleziona Rossi Mario'));
    fireEvent.click(screen.getByRole('button', { name: 'Proponi l’offerta a 1 candidato' }));
    await waitFor(() => expect(screen.getByText(/Offerta proposta a 1 candidato/)).toBeInTheDocument());
    expect(calls.find((c) => c.cmd === 'offerta_proponi')?.args).toEqual({ offerta: 'o-1', codici_fiscali: ['RSSMRA85T10A562S'] });
  });

  it('checks the new offer as one types and shows each field’s problem', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'offerte_liste': return LISTE;
        case 'offerte_elenco': return [];
        case 'offerta_nuova': return FORM;
        case 'offerta_problemi':
          return (args as OffertaForm).qualifica ? [] : [{ code: 'qualifica', message: 'Qualifica Professionale: campo obbligatorio.' }];
        case 'offerta_salva': return SCHEDA;
        case 'offerta_scheda': return SCHEDA;
        case 'interessi_elenco': return [];
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Offerte />);
    fireEvent.click(await screen.findByRole('button', { name: 'Nuova offerta' }));
    fireEvent.change(await screen.findByLabelText(/Sedi di lavoro/), { target: { value: 'Prato (PO)' } });
    expect(await screen.findByText('Qualifica Professionale: campo obbligatorio.')).toBeInTheDocument();
    expect(screen.getByLabelText('Qualifica Professionale')).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(screen.getByLabelText('Qualifica Professionale'), { target: { value: 'Magazziniere' } });
    await waitFor(() => expect(screen.queryByText('Qualifica Professionale: campo obbligatorio.')).not.toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Salva in bozza' }));
    expect(await screen.findByText('Carico e scarico')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'offerta_salva')?.args).toMatchObject({ id: null, form: { sedi: 'Prato (PO)', qualifica: 'Magazziniere' } });
  });
});

describe('Inserimento massivo', () => {
  it('shows every row error and inserts nothing, then the receipt of a right file', async () => {
    let attempt = 0;
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'offerte_liste': return LISTE;
        case 'offerte_elenco': return [];
        case 'plugin:dialog|open': return '/home/op/offerte.xlsx';
        case 'offerte_importa':
          attempt += 1;
          return attempt === 1
            ? { file: 'f', righe: 30, inserite: 0, pubblicate: 0, errori_totali: 2, ricevuta: null,
                errori: [{ riga: 6, colonna: 'Numero Posti Disponibili', messaggio: 'I posti disponibili vanno da 1 a 9999.' },
                         { riga: 19, colonna: 'Sedi di lavoro', messaggio: 'Sede di lavoro «Atlantide (XX)»: comune non trovato.' }] }
            : { file: 'f', righe: 30, inserite: 30, pubblicate: 30, errori_totali: 0, errori: [],
                ricevuta: { number: 'R-ABC123-000004', issued_at: '2026-12-06T10:00:00Z', operator: 'op', branch: 'FI01', kind: 'offers_bulk_insert', title: 'Inserimento massivo di offerte', fields: [], tables: [], file: null, acknowledgement: null } };
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Offerte />);
    fireEvent.click(await screen.findByText('Inserimento massivo'));
    fireEvent.click(screen.getByRole('button', { name: 'Importa un file compilato' }));
    expect(await screen.findByText('Nessuna offerta inserita: 2 errori in 30 righe.')).toBeInTheDocument();
    expect(screen.getByText('Sede di lavoro «Atlantide (XX)»: comune non trovato.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'offerte_importa')?.args).toEqual({ path: '/home/op/offerte.xlsx', pubblica: true });
    fireEvent.click(screen.getByRole('button', { name: 'Importa un file compilato' }));
    expect(await screen.findByText(/Inserite 30 offerte: partiranno alla prossima sincronizzazione. Ricevuta R-ABC123-000004./)).toBeInTheDocument();
  });
});

const INTERESSE = { id: 'i1', offerta: 'o-1', codice_offerta: 'FI-10001', filiale: 'FI01', codice_fiscale: 'RSSMRA85T10A562S', cognome: 'Rossi', nome: 'Mario',
  data: '02/12/2026', origine: 'Proposta dalla filiale', stato: 'colloquio', stato_etichetta: 'Colloquio', prossimi: [], storico: [], in_attesa: false };
const ADATTA = {
  offerta: { ...RIGA, id: 'o-2', codice: 'FI-10007', qualifica: 'Carrellista' }, distanza: '4 km', interessato: false,
  criteri: [{ criterio: 'Distanza', soddisfatto: true, motivo: 'Abita a 4 km dalla sede più vicina.' }, { criterio: 'Patenti', soddisfatto: false, motivo: 'Patenti mancanti: C.' }],
};

describe('CandidateOffers', () => {
  it('lists the candidate’s interests, refusals and fitting offers, and proposes one', async () => {
    let proposed = false;
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'interessi_elenco': return [INTERESSE];
        case 'rifiuti_elenco':
          return [{ id: 'r1', codice_offerta: 'FI-10002', filiale: 'FI01', codice_fiscale: 'RSSMRA85T10A562S', data: '03/12/2026', motivo: 'Sede di lavoro troppo distante',
            note: '', operatore: 'op', trasmissione: 'trasmessa', protocollo: 'SFL-2026-00000001' }];
        case 'offerte_adatte': return [{ ...ADATTA, interessato: proposed }];
        case 'offerte_liste': return LISTE;
        case 'offerta_proponi': proposed = true; return 1;
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<CandidateOffers codiceFiscale="RSSMRA85T10A562S" />);
    expect(await screen.findByText('FI-10001')).toBeInTheDocument();
    expect(screen.getByText('Colloquio')).toBeInTheDocument();
    expect(await screen.findByText(/FI-10002 · Sede di lavoro troppo distante · Trasmissione: trasmessa \(protocollo SFL-2026-00000001\)/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'interessi_elenco')?.args).toEqual({ offerta: null, codice_fiscale: 'RSSMRA85T10A562S' });

    const fits = await screen.findByRole('list', { name: 'Offerte adatte' });
    expect(within(fits).getByText('Carrellista')).toBeInTheDocument();
    expect(within(fits).getByText(/Patenti mancanti: C/)).toBeInTheDocument();
    fireEvent.click(within(fits).getByRole('button', { name: 'Proponi' }));
    expect(await screen.findByText('Offerta FI-10007 proposta: partirà alla prossima sincronizzazione.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'offerta_proponi')?.args).toEqual({ offerta: 'o-2', codici_fiscali: ['RSSMRA85T10A562S'] });
    await waitFor(() => expect(within(fits).getByText('Già interessato')).toBeInTheDocument());
  });

  it('turns an annotated refusal into the refusal communication', async () => {
    let filed = 0;
    const notes = () => ({ contacts: { phone: '', mobile: '', email: '' }, pending: 1, rifiuti_da_comunicare: filed ? 0 : 1,
      annotations: [{ kind: 'rifiuto_offerta', text: 'Non accetta i turni', occurred_on: null, author: 'op', created_at: '2026-12-06T09:00:00Z', pending: true }] });
    const calls = backendMock((cmd) => {
      switch (cmd) {
        case 'candidate_notes': return notes();
        case 'interessi_elenco': return [INTERESSE];
        case 'rifiuti_elenco': return [];
        case 'offerte_adatte': return [ADATTA];
        case 'offerte_liste': return LISTE;
        case 'rifiuto_nuovo':
          filed += 1;
          return [{}, { number: 'R-ABC123-000009', issued_at: '2026-12-06T10:00:00Z', operator: 'op', branch: 'FI01', kind: 'offer_refusal',
            title: 'Comunicazione rifiuto dell\'offerta', fields: [], tables: [], file: null, acknowledgement: null }];
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    function Both() {
      const [asked, setAsked] = useState(0);
      const [done, setDone] = useState(0);
      return (
        <>
          <CandidateNotes codiceFiscale="RSSMRA85T10A562S" refusalsFiled={done} onRefusal={() => setAsked((n) => n + 1)} />
          <CandidateOffers codiceFiscale="RSSMRA85T10A562S" refusalAsked={asked} onRefusalFiled={() => setDone((n) => n + 1)} />
        </>
      );
    }
    render(<Both />);
    expect(await screen.findByText(/Un rifiuto annotato non ha ancora la comunicazione di rifiuto/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Offerta rifiutata')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Compila la comunicazione di rifiuto' }));
    const offer = await screen.findByLabelText('Offerta rifiutata');
    expect(within(offer).getByRole('option', { name: 'FI-10001 — Proposta dalla filiale' })).toBeInTheDocument();
    expect(within(offer).getByRole('option', { name: 'FI-10007 — Carrellista' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Codice fiscale del cittadino')).not.toBeInTheDocument();
    fireEvent.change(offer, { target: { value: 'o-1' } });
    fireEvent.change(screen.getByLabelText('Motivo'), { target: { value: 'DISTANZA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Registra la comunicazione' }));
    expect(await screen.findByText(/Comunicazione registrata, ricevuta R-ABC123-000009/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'rifiuto_nuovo')?.args).toMatchObject({ offerta: 'o-1', codice_fiscale: 'RSSMRA85T10A562S', motivo: 'DISTANZA' });
    await waitFor(() => expect(screen.queryByText(/Un rifiuto annotato/)).not.toBeInTheDocument());
  });
});
