import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import type { CandidateNotes as Notes, SessionInfo, SyncState, SyncStep } from '../backend';
import { ExpiredPassword } from '../components/ExpiredPassword';
import { SyncPanel } from '../components/SyncPanel';
import { CandidateNotes } from '../components/CandidateNotes';
import { Login } from '../screens/Login';

type Payload = { args?: Record<string, unknown>; onProgress?: Channel<SyncStep> };

const STATE: SyncState = {
  online: true,
  connected: true,
  server: 'http://127.0.0.1:8080',
  scope: 'filiale:FI01',
  last_sync_at: null,
  data_age_minutes: null,
  pending: 2,
  rejected: 0,
  conflicts: 0,
  candidates: 0,
  problems: [],
};

describe('ExpiredPassword', () => {
  it('checks the policy while typing and changes the password once it is met and repeated', async () => {
    const changes: unknown[] = [];
    mockIPC((cmd, payload) => {
      const args = (payload as Payload).args!;
      if (cmd === 'check_password') {
        const ok = args.password === 'Nuova2026x';
        return { acceptable: ok, problems: ok ? [] : [{ code: 'lunghezza', message: 'Da 8 a 15 caratteri.' }] };
      }
      if (cmd === 'change_expired_password') {
        changes.push(args);
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onChanged = vi.fn();
    render(<ExpiredPassword server="http://s" username="mario.rossi" oldPassword="Vecchia2026" onChanged={onChanged} />);
    const submit = screen.getByRole('button', { name: 'Cambia password e accedi' });
    fireEvent.change(screen.getByLabelText('Nuova password'), { target: { value: 'corta' } });
    await waitFor(() => expect(screen.getByText('Da 8 a 15 caratteri.')).toBeInTheDocument());
    expect(submit).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Nuova password'), { target: { value: 'Nuova2026x' } });
    await waitFor(() => expect(screen.getByText('La password rispetta tutti i requisiti.')).toBeInTheDocument());
    fireEvent.change(screen.getByLabelText('Ripeti la nuova password'), { target: { value: 'Nuova2026y' } });
    expect(screen.getByText('Le due password non coincidono.')).toBeInTheDocument();
    expect(submit).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Ripeti la nuova password'), { target: { value: 'Nuova2026x' } });
    expect(submit).toBeEnabled();
    fireEvent.click(submit);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith('Nuova2026x'));
    expect(changes).toEqual([
      { server: 'http://s', username: 'mario.rossi', old_password: 'Vecchia2026', new_password: 'Nuova2026x' },
    ]);
  });
});

describe('Login against a server', () => {
  it('offers the change-password form when the server says the password expired', async () => {
    mockIPC((cmd) => {
      if (cmd === 'sign_in') throw { code: 'password_scaduta', message: 'la password è scaduta' };
      if (cmd === 'check_password') return { acceptable: false, problems: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Login server="http://s" autoDemo={false} onSignedIn={() => {}} />);
    fireEvent.change(screen.getByLabelText('Nome utente'), { target: { value: 'mario.rossi' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Vecchia2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    await waitFor(() => expect(screen.getByText('Password scaduta: scegline una nuova')).toBeInTheDocument());
    expect(screen.getByLabelText('Nuova password')).toBeInTheDocument();
  });

  it('says plainly that a first access needs the server when it cannot be reached', async () => {
    mockIPC(() => {
      throw { code: 'server_non_raggiungibile', message: 'server centrale non raggiungibile' };
    });
    render(<Login server="http://s" autoDemo={false} onSignedIn={() => {}} />);
    fireEvent.change(screen.getByLabelText('Nome utente'), { target: { value: 'mario.rossi' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Qualsiasi1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('serve un primo accesso con il server raggiungibile'));
  });
});

describe('SyncPanel', () => {
  it('says when the app works offline and how old the data is', async () => {
    mockIPC(() => ({ ...STATE, online: false, last_sync_at: '2026-11-20T10:00:00Z', data_age_minutes: 180 }));
    render(<SyncPanel autoSync={false} onSynced={() => {}} />);
    await waitFor(() => expect(screen.getByText('Non in linea')).toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('Server non raggiungibile');
    expect(screen.getByRole('status')).toHaveTextContent('dati di 3 ore fa');
    expect(screen.getByText(/^20\/11\/2026/)).toBeInTheDocument();
  });

  it('runs "Sincronizza ora" with progress and refreshes the counts', async () => {
    let synced = false;
    let release: () => void = () => {};
    mockIPC(async (cmd, payload) => {
      if (cmd === 'sync_status') return synced ? { ...STATE, pending: 0, last_sync_at: '2026-11-20T10:00:00Z', data_age_minutes: 0 } : STATE;
      if (cmd === 'sync_now') {
        const channel = (payload as Payload).onProgress!;
        channel.onmessage({ phase: 'pushing', sent: 1, total: 2 });
        await new Promise<void>((r) => (release = r));
        channel.onmessage({ phase: 'pulling', records: 15000, pages: 2, from_zero: true });
        synced = true;
        return { applied: 2, conflicts: 0, rejected: 0, pulled: 15000, removed: 0, invalid: 0, set_aside: 0, push_stopped: null, millis: 10 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onSynced = vi.fn();
    render(<SyncPanel autoSync={false} onSynced={onSynced} />);
    await waitFor(() => expect(screen.getByText('In linea')).toBeInTheDocument());
    expect(document.getElementById('dashboard-pending')).toHaveTextContent('2');
    fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(screen.getByText('Invio delle modifiche: 1 di 2')).toBeInTheDocument());
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    release();
    await waitFor(() => expect(screen.getByText(/15\.000 record ricevuti, 2 modifiche inviate/)).toBeInTheDocument());
    expect(onSynced).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(document.getElementById('dashboard-pending')).toHaveTextContent('0'));
  });

  it('keeps the bar away when a progress message arrives after the answer', async () => {
    let channel: Channel<SyncStep> | null = null;
    mockIPC(async (cmd, payload) => {
      if (cmd === 'sync_status') return STATE;
      if (cmd === 'sync_now') {
        channel = (payload as Payload).onProgress!;
        return { applied: 0, conflicts: 0, rejected: 0, pulled: 3, removed: 0, invalid: 0, set_aside: 0, push_stopped: null, millis: 1, report_nuovi: 0 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SyncPanel autoSync={false} onSynced={() => {}} />);
    await waitFor(() => expect(screen.getByText('In linea')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(screen.getByText(/3 record ricevuti/)).toBeInTheDocument());
    act(() => channel!.onmessage({ phase: 'pulling', records: 3, pages: 1, from_zero: false }));
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says when records from the server were invalid and left out', async () => {
    mockIPC(async (cmd) => {
      if (cmd === 'sync_status') return STATE;
      if (cmd === 'sync_now') return { applied: 0, conflicts: 0, rejected: 0, pulled: 10, removed: 0, invalid: 3, set_aside: 0, push_stopped: null, millis: 1 };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SyncPanel autoSync={false} onSynced={vi.fn()} />);
    await waitFor(() => expect(screen.getByText('In linea')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(document.getElementById('sync-done')).toHaveTextContent('3 record ricevuti dal server non erano validi'));
  });

  it('says when the server refused a change and one was set aside, data received anyway', async () => {
    mockIPC(async (cmd) => {
      if (cmd === 'sync_status') return STATE;
      if (cmd === 'sync_now') {
        return { applied: 4, conflicts: 0, rejected: 0, pulled: 10, removed: 0, invalid: 0, set_aside: 1,
          push_stopped: 'errore 500', millis: 1 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SyncPanel autoSync={false} onSynced={vi.fn()} />);
    await waitFor(() => expect(screen.getByText('In linea')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(document.getElementById('sync-done')).toHaveTextContent('1 modifica è stata messa da parte'));
    expect(document.getElementById('sync-push-stopped')).toHaveTextContent('Il server non ha accettato una modifica (errore 500)');
    expect(document.getElementById('sync-push-stopped')).toHaveTextContent('I dati sono stati ricevuti comunque');
  });
});

describe('CandidateNotes', () => {
  const NOTES: Notes = {
    contacts: { phone: '', mobile: '3331234567', email: '' },
    annotations: [],
    pending: 0,
    rifiuti_da_comunicare: 0,
  };

  it('refuses an empty annotation in Italian and sends a filled one', async () => {
    const added: unknown[] = [];
    mockIPC((cmd, payload) => {
      const args = (payload as Payload).args!;
      if (cmd === 'candidate_notes') return NOTES;
      if (cmd === 'check_contacts') return [];
      if (cmd === 'add_annotation') {
        added.push(args);
        return {
          ...NOTES,
          pending: 1,
          annotations: [{ kind: 'contatto', text: args.text, occurred_on: '03/11/2026', author: 'mario.rossi', created_at: '2026-11-20T10:00:00Z', pending: true }],
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<CandidateNotes codiceFiscale="RSSMRA80A01H501U" />);
    await waitFor(() => expect(screen.getByText('Nessuna annotazione.')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi annotazione' }));
    expect(screen.getByText('Scrivi il testo dell’annotazione.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Data/), { target: { value: '2026-11-03' } });
    fireEvent.change(screen.getByLabelText('Testo dell’annotazione'), { target: { value: 'Telefonata di verifica' } });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi annotazione' }));
    expect(screen.getByText('La data va scritta come gg/mm/aaaa.')).toBeInTheDocument();
    expect(added).toEqual([]);
    fireEvent.change(screen.getByLabelText(/Data/), { target: { value: '03/11/2026' } });
    fireEvent.change(screen.getByLabelText('Tipo'), { target: { value: 'contatto' } });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi annotazione' }));
    await waitFor(() => expect(screen.getByText('Telefonata di verifica')).toBeInTheDocument());
    expect(added).toEqual([
      { codice_fiscale: 'RSSMRA80A01H501U', kind: 'contatto', text: 'Telefonata di verifica', occurred_on: '03/11/2026' },
    ]);
    expect(screen.getByText('1 modifica in attesa di invio')).toBeInTheDocument();
    expect(screen.getAllByText('In attesa di invio').length).toBe(1);
  });

  it('shows the recapiti rule next to the field and keeps the save disabled', async () => {
    mockIPC((cmd, payload) => {
      const args = (payload as Payload).args!;
      if (cmd === 'candidate_notes') return NOTES;
      if (cmd === 'check_contacts') {
        return String(args.email).includes('@') || args.email === ''
          ? []
          : [{ code: 'email', message: 'Indirizzo e-mail non valido.' }];
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<CandidateNotes codiceFiscale="RSSMRA80A01H501U" />);
    await waitFor(() => expect(screen.getByLabelText('Cellulare')).toHaveValue('3331234567'));
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'mario.rossi' } });
    await waitFor(() => expect(screen.getByText('Indirizzo e-mail non valido.')).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Salva recapiti' })).toBeDisabled();
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('Date fields', () => {
  it('show gg/mm/aaaa whatever the system language, also for a saved ISO date', async () => {
    const { FilterPanel, EMPTY_FILTER } = await import('../components/FilterPanel');
    const options = { branches: [], statuses: [], education_levels: [], sort_keys: [], export_columns: [] };
    const onSearch = vi.fn();
    render(<FilterPanel options={options} value={{ ...EMPTY_FILTER, did_from: '2025-03-04' }} onSearch={onSearch} />);
    const from = screen.getByLabelText('Data DID dal') as HTMLInputElement;
    expect(from.type).toBe('text');
    expect(from.placeholder).toBe('gg/mm/aaaa');
    expect(from.value).toBe('04/03/2025');
    fireEvent.change(screen.getByLabelText('Data DID al'), { target: { value: '31/12/2025' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cerca' }));
    expect(onSearch.mock.calls[0][0]).toMatchObject({ did_from: '2025-03-04', did_to: '31/12/2025' });
  });
});

describe('useBackgroundSync', () => {
  it('syncs every round while the server answers, and not once stopped', async () => {
    vi.useFakeTimers();
    try {
      const { renderHook } = await import('@testing-library/react');
      const { useBackgroundSync } = await import('../useBackgroundSync');
      const calls: string[] = [];
      let online = true;
      mockIPC((cmd) => {
        calls.push(cmd);
        if (cmd === 'sync_status') return { ...STATE, online };
        if (cmd === 'sync_now') return { applied: 0, conflicts: 0, rejected: 0, pulled: 0, removed: 0, invalid: 0, set_aside: 0, push_stopped: null, millis: 1 };
        throw new Error(`unexpected ${cmd}`);
      });
      const { rerender } = renderHook(({ active }) => useBackgroundSync(active, 1000), {
        initialProps: { active: true },
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toEqual(['sync_status', 'sync_now']);
      online = false;
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toEqual(['sync_status', 'sync_now', 'sync_status']);
      rerender({ active: false });
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls.length).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('after a background sync', () => {
  it('the Cruscotto reloads its counts and its sync card', async () => {
    const { Dashboard } = await import('../screens/Dashboard');
    const { SYNCED_EVENT } = await import('../useBackgroundSync');
    let candidates = 10;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'dashboard') return { candidates, branches: [], pending: 0, rejected: 0, conflicts: 0 };
      if (cmd === 'sync_status') return { ...STATE, candidates, pending: 0 };
      throw new Error(`unexpected ${cmd}`);
    });
    const session: SessionInfo = { user: 'mario.rossi', role: 'operatore', demo: false, server: null, branches: [], scope: [], login: null };
    render(<Dashboard session={session} />);
    await waitFor(() => expect(document.getElementById('dashboard-candidates')).toHaveTextContent('10'));
    candidates = 12345;
    window.dispatchEvent(new Event(SYNCED_EVENT));
    await waitFor(() => expect(document.getElementById('dashboard-candidates')).toHaveTextContent('12.345'));
    expect(calls.filter((c) => c === 'sync_status').length).toBe(2);
  });
});

describe('a conflict on the Cruscotto', () => {
  it('shows both sides and settles it the way the operator chooses', async () => {
    const resolved: unknown[] = [];
    let problems = [
      {
        seq: 7, state: 'conflict', kind: 'edit_contacts', codice_fiscale: 'RSSMRA80A01H501U',
        reason: 'il record sul server è alla versione 4',
        mine: 'Telefono: — · Cellulare: 3331234567 · E-mail: —',
        theirs: 'Telefono: 055123456 · Cellulare: — · E-mail: —',
      },
      {
        seq: 9, state: 'rejected', kind: 'edit_contacts', codice_fiscale: 'VRDLGU70B02F205X',
        reason: 'cellulare non valido', mine: null, theirs: null,
      },
    ];
    mockIPC((cmd, payload) => {
      if (cmd === 'sync_status') return { ...STATE, pending: 0, conflicts: 1, rejected: 1, problems };
      if (cmd === 'resolve_conflict') {
        const args = (payload as Payload).args as { seq: number };
        resolved.push(args);
        problems = problems.filter((p) => p.seq !== args.seq);
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SyncPanel autoSync={false} onSynced={() => {}} />);
    const row = await screen.findByText('Telefono: — · Cellulare: 3331234567 · E-mail: —');
    expect(row).toBeInTheDocument();
    expect(screen.getByText('Telefono: 055123456 · Cellulare: — · E-mail: —')).toBeInTheDocument();
    // The conflict and the refused change each offer to send it again.
    expect(screen.getAllByRole('button', { name: 'Invia di nuovo la mia modifica' })).toHaveLength(2);
    fireEvent.click(document.getElementById('keep-mine-7')!);
    await waitFor(() =>
      expect(screen.getByText('La tua modifica partirà con la prossima sincronizzazione.')).toBeInTheDocument(),
    );
    expect(resolved).toEqual([{ seq: 7, keep_mine: true }]);
    expect(screen.queryByText('Telefono: 055123456 · Cellulare: — · E-mail: —')).toBeNull();
    expect(screen.getByText('cellulare non valido')).toBeInTheDocument();
    expect(screen.getAllByText('Recapiti')).toHaveLength(1);

    // The refused change is dropped.
    fireEvent.click(screen.getByRole('button', { name: 'Scarta la mia modifica' }));
    await waitFor(() =>
      expect(screen.getByText('La tua modifica è stata scartata: resta la versione del server.')).toBeInTheDocument(),
    );
    expect(resolved).toEqual([{ seq: 7, keep_mine: true }, { seq: 9, keep_mine: false }]);
    await waitFor(() => expect(screen.queryByText('cellulare non valido')).toBeNull());
  });
});
