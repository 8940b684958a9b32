import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { backendMock } from './backendMock';
import type { NuovaUtenza, UtenteRiga, Utenti as List } from '../backend';
import { Utenti } from '../screens/Utenti';


const row = (username: string, over: Partial<UtenteRiga> = {}): UtenteRiga => ({
  username, ruolo: 'operatore', ruolo_etichetta: 'Operatore', filiali: ['FI01'], ultimo_accesso: '05/12/2026 09:12',
  scadenza_password: '01/03/2027', abilitata: true, primo_accesso: false, creata_da: 'master', email: '', modificabile: true, ...over,
});
const MASTER: List = {
  righe: [row('master', { ruolo: 'master', ruolo_etichetta: 'Master', filiali: ['FI01', 'PO01'], modificabile: false, creata_da: '' }), row('operatore.fi01')],
  puo_creare: true,
  filiali: ['FI01', 'PO01'],
};

/** The server's rules, as the app applies them, enough for the form. */
function problems(f: NuovaUtenza) {
  const out = [];
  if (!/^[a-z][a-z0-9._-]{2,31}$/.test(f.username)) out.push({ code: 'username', message: 'Il nome utente ha 3–32 caratteri.' });
  if (f.filiali.length === 0) out.push({ code: 'filiali', message: 'Indica almeno una filiale.' });
  if (f.password.length < 8) out.push({ code: 'password', message: 'La password ha almeno 8 caratteri.' });
  return out;
}

describe('Utenti', () => {
  it('lets a master create an account, checked as one types, and disable another', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'utenti_elenco': return MASTER;
        case 'utenza_problemi': return problems(args as NuovaUtenza);
        case 'utenza_crea': return row('mario.rossi', { primo_accesso: true, ultimo_accesso: '', email: 'mario.rossi@agenzia.it' });
        case 'utenza_abilita': return row('operatore.fi01', { abilitata: false });
        case 'check_password': {
          const ok = ((args as { password: string }).password ?? '').length >= 8;
          return { acceptable: ok, problems: ok ? [] : [{ code: 'password_troppo_corta', message: 'Almeno 8 caratteri.' }] };
        }
        case 'utenza_password': return row('operatore.fi01', { abilitata: false, primo_accesso: true });
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Utenti />);
    const table = await screen.findByRole('table');
    expect(within(table).getByText('operatore.fi01')).toBeInTheDocument();
    const masterRow = table.querySelector<HTMLElement>('tr[data-username="master"]')!;
    expect(within(masterRow).queryByRole('button')).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Nome utente'), { target: { value: 'Mario' } });
    expect(await screen.findByText('Il nome utente ha 3–32 caratteri.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Crea utenza' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Nome utente'), { target: { value: 'mario.rossi' } });
    fireEvent.change(screen.getByLabelText('Ruolo'), { target: { value: 'operatore' } });
    fireEvent.click(screen.getByRole('radio', { name: 'PO01' }));
    fireEvent.change(screen.getByLabelText('Password iniziale'), { target: { value: 'Inizio2026x' } });
    fireEvent.change(screen.getByLabelText(/E-mail a cui inviare il report/), { target: { value: 'mario.rossi@agenzia.it' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Crea utenza' })).toBeEnabled());
    fireEvent.click(screen.getByRole('button', { name: 'Crea utenza' }));
    expect(await screen.findByText(/Utenza mario.rossi creata/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'utenza_crea')?.args).toMatchObject({
      username: 'mario.rossi', ruolo: 'operatore', filiali: ['PO01'], password: 'Inizio2026x', email: 'mario.rossi@agenzia.it',
    });
    expect(within(table).getByText('In attesa del primo accesso')).toBeInTheDocument();
    expect(within(table).getByText('mario.rossi@agenzia.it')).toBeInTheDocument();

    const op = within(table).getByText('operatore.fi01').closest('tr')!;
    fireEvent.click(within(op).getByRole('button', { name: 'Disabilita' }));
    expect(await screen.findByText('Utenza operatore.fi01 disabilitata: non può più accedere.')).toBeInTheDocument();
    expect(within(op).getByText('Disabilitata')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'utenza_abilita')?.args).toEqual({ username: 'operatore.fi01', abilitata: false });

    // A forgotten password: a new one-time one, checked as one types.
    fireEvent.click(within(op).getByRole('button', { name: 'Nuova password' }));
    const secret = within(op).getByLabelText('Nuova password iniziale per operatore.fi01');
    fireEvent.change(secret, { target: { value: 'corta' } });
    expect(await within(op).findByText('Almeno 8 caratteri.')).toBeInTheDocument();
    expect(within(op).getByRole('button', { name: 'Imposta' })).toBeDisabled();
    fireEvent.change(secret, { target: { value: 'Nuova2026abc' } });
    await waitFor(() => expect(within(op).getByRole('button', { name: 'Imposta' })).toBeEnabled());
    fireEvent.click(within(op).getByRole('button', { name: 'Imposta' }));
    expect(await screen.findByText(/Nuova password iniziale impostata per operatore.fi01/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'utenza_password')?.args).toEqual({ username: 'operatore.fi01', password: 'Nuova2026abc' });
    expect(within(op).getByText('Disabilitata')).toBeInTheDocument();
  });

  it('shows a super the accounts of its branches, read-only', async () => {
    backendMock((cmd) => {
      if (cmd === 'utenti_elenco') return { righe: [row('operatore.fi01', { modificabile: false })], puo_creare: false, filiali: ['FI01'] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Utenti />);
    expect(await screen.findByText(/le crea e le modifica l’utenza master/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByText('Nuova utenza')).not.toBeInTheDocument();
  });
});
