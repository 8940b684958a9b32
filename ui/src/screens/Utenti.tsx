import { FormEvent, useEffect, useState } from 'react';
import { backend, CampoUtenza, ErrorItem, NuovaUtenza, UtenteRiga, Utenti as List } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

const tr = t.utenti;
const EMPTY: NuovaUtenza = { username: '', ruolo: 'super', filiali: [], codice_fiscale: '', email: '', password: '' };

/** "Utenti": a master lists, creates, enables, disables and moves the agency's
 * accounts; a super reads those of its branches. Online: the accounts are the server's. */
export function Utenti() {
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => backend.utentiElenco().then(setList, setError);
  useEffect(() => { void load(); }, []);

  const replace = (u: UtenteRiga) =>
    setList((l) => l && { ...l, righe: l.righe.map((r) => (r.username === u.username ? u : r)) });

  return (
    <main className="container-fluid my-3" id="utenti">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{tr.intro}</p>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="utenti-notice">{notice}</div>}
      {list && !list.puo_creare && <p id="utenti-readonly">{tr.readOnly}</p>}
      {list && (
        <Table list={list} onError={setError}
          onChanged={(u, message) => { setError(null); replace(u); setNotice(message); }} />
      )}
      {list?.puo_creare && (
        <NewAccount branches={list.filiali}
          onCreated={(u) => {
            setNotice(tr.form.created(u.username));
            setList((l) => l && { ...l, righe: [...l.righe, u].sort((a, b) => a.username.localeCompare(b.username)) });
          }} />
      )}
    </main>
  );
}

function stato(u: UtenteRiga) {
  if (!u.abilitata) return tr.states.disabilitata;
  return u.primo_accesso ? tr.states.primo : tr.states.attiva;
}

function Table({ list, onChanged, onError }: {
  list: List; onChanged: (u: UtenteRiga, message: string) => void; onError: (e: unknown) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [resetting, setResetting] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const [secretProblems, setSecretProblems] = useState<string[]>([]);
  useEffect(() => {
    if (!resetting || !secret) return setSecretProblems([]);
    let current = true;
    backend.checkPassword(resetting, secret).then((c) => current && setSecretProblems(c.problems.map((p) => p.message)), onError);
    return () => { current = false; };
  }, [resetting, secret]);
  const reset = (u: UtenteRiga) => {
    backend.utenzaPassword(u.username, secret).then((x) => {
      setResetting(null);
      setSecret('');
      onChanged(x, tr.resetDone(x.username));
    }, onError);
  };
  const toggle = (u: UtenteRiga) => {
    backend.utenzaAbilita(u.username, !u.abilitata).then(
      (x) => onChanged(x, x.abilitata ? tr.enabled(x.username) : tr.disabled(x.username)),
      onError,
    );
  };
  const move = (u: UtenteRiga) => {
    backend.utenzaFiliali(u.username, chosen).then((x) => { setEditing(null); onChanged(x, tr.moved(x.username)); }, onError);
  };
  return (
    <table className="table table-sm align-middle" id="utenti-table" data-count={list.righe.length}>
      <thead>
        <tr>
          <th scope="col">{tr.columns.username}</th>
          <th scope="col">{tr.columns.ruolo}</th>
          <th scope="col">{tr.columns.filiali}</th>
          <th scope="col">{tr.columns.accesso}</th>
          <th scope="col">{tr.columns.scadenza}</th>
          <th scope="col">{tr.columns.stato}</th>
          <th scope="col">{tr.columns.creata}</th>
          <th scope="col">{tr.columns.email}</th>
          {list.puo_creare && <th scope="col">{tr.columns.azioni}</th>}
        </tr>
      </thead>
      <tbody>
        {list.righe.map((u) => (
          <tr key={u.username} data-username={u.username} data-abilitata={u.abilitata} className="utente-row">
            <td className="font-monospace">{u.username}</td>
            <td>{u.ruolo_etichetta}</td>
            <td>
              {editing === u.username
                ? (
                  <fieldset className="utente-filiali">
                    <legend className="visually-hidden">{tr.columns.filiali}</legend>
                    {list.filiali.map((b) => (
                      <label key={b} className="me-2">
                        <input type={u.ruolo === 'operatore' ? 'radio' : 'checkbox'} name={`filiali-${u.username}`} className="form-check-input me-1"
                          checked={chosen.includes(b)}
                          onChange={() => setChosen(u.ruolo === 'operatore' ? [b] : chosen.includes(b) ? chosen.filter((c) => c !== b) : [...chosen, b])} />
                        {b}
                      </label>
                    ))}
                  </fieldset>
                )
                : u.filiali.join(', ')}
            </td>
            <td>{u.ultimo_accesso || tr.never}</td>
            <td>{u.scadenza_password}</td>
            <td className="utente-stato">{stato(u)}</td>
            <td>{u.creata_da}</td>
            <td>{u.email}</td>
            {list.puo_creare && (
              <td>
                {resetting === u.username && (
                  <div className="mb-2">
                    <label htmlFor={`reset-${u.username}`} className="form-label small fw-semibold mb-1">{tr.resetLabel(u.username)}</label>
                    <div className="d-flex gap-2">
                      <input id={`reset-${u.username}`} type="password" autoComplete="off" className="form-control form-control-sm utente-reset-input"
                        value={secret} aria-invalid={secretProblems.length > 0 ? true : undefined} onChange={(e) => setSecret(e.target.value)} />
                      <button type="button" className="btn btn-sm btn-primary utente-reset-save" disabled={!secret || secretProblems.length > 0}
                        onClick={() => reset(u)}>{tr.resetSave}</button>
                      <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => { setResetting(null); setSecret(''); }}>{tr.cancel}</button>
                    </div>
                    {secretProblems.length > 0 && <ul className="small text-danger mb-0">{secretProblems.map((p) => <li key={p}>{p}</li>)}</ul>}
                  </div>
                )}
                {u.modificabile && editing !== u.username && resetting !== u.username && (
                  <div className="d-flex gap-2">
                    <button type="button" className={`btn btn-sm ${u.abilitata ? 'btn-outline-danger' : 'btn-outline-primary'} utente-toggle`}
                      onClick={() => toggle(u)}>
                      {u.abilitata ? tr.disable : tr.enable}
                    </button>
                    <button type="button" className="btn btn-sm btn-outline-primary utente-branches"
                      onClick={() => { setEditing(u.username); setChosen(u.filiali); }}>
                      {tr.branches}
                    </button>
                    <button type="button" className="btn btn-sm btn-outline-primary utente-reset"
                      onClick={() => { setResetting(u.username); setSecret(''); }}>
                      {tr.reset}
                    </button>
                  </div>
                )}
                {editing === u.username && (
                  <div className="d-flex gap-2">
                    <button type="button" className="btn btn-sm btn-primary utente-branches-save" disabled={chosen.length === 0}
                      onClick={() => move(u)}>
                      {tr.saveBranches}
                    </button>
                    <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => setEditing(null)}>{tr.cancel}</button>
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewAccount({ branches, onCreated }: { branches: string[]; onCreated: (u: UtenteRiga) => void }) {
  const [form, setForm] = useState<NuovaUtenza>(EMPTY);
  const [problems, setProblems] = useState<ErrorItem<CampoUtenza>[]>([]);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    backend.utenzaProblemi(form).then((p) => current && setProblems(p), setError);
    return () => { current = false; };
  }, [form]);

  const change = (patch: Partial<NuovaUtenza>) => { setTouched(true); setForm({ ...form, ...patch }); };
  const problem = (c: CampoUtenza) => (touched ? problems.filter((p) => p.code === c).map((p) => p.message).join(' ') : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setError(null);
    if (problems.length > 0) return;
    backend.utenzaCrea(form).then((u) => { setForm(EMPTY); setTouched(false); onCreated(u); }, setError);
  };
  const input = (id: string, c: CampoUtenza, label: string, value: string, onChange: (v: string) => void, type = 'text', hint?: string) => {
    const p = problem(c);
    return (
      <div className="mb-2">
        <label htmlFor={id} className="form-label small fw-semibold mb-1">{label}</label>
        <input id={id} type={type} autoComplete="off" className={`form-control form-control-sm ${p ? 'is-invalid' : ''}`} value={value}
          aria-invalid={p ? true : undefined} aria-describedby={[hint && `${id}-hint`, p && `${id}-problem`].filter(Boolean).join(' ') || undefined}
          onChange={(e) => onChange(e.target.value)} />
        {hint && <div className="form-text" id={`${id}-hint`}>{hint}</div>}
        {p && <div className="invalid-feedback d-block" id={`${id}-problem`}>{p}</div>}
      </div>
    );
  };
  const branchProblem = problem('filiali');
  return (
    <section className="mt-4" aria-labelledby="utenza-new-title" id="utenza-new">
      <h2 className="h5" id="utenza-new-title">{tr.form.title}</h2>
      <ErrorAlert error={error} />
      <form className="row g-3" onSubmit={submit} noValidate>
        <div className="col-md-4">{input('u-username', 'username', tr.form.username, form.username, (v) => change({ username: v }))}</div>
        <div className="col-md-4">
          <label htmlFor="u-ruolo" className="form-label small fw-semibold mb-1">{tr.form.ruolo}</label>
          <select id="u-ruolo" className="form-select form-select-sm" value={form.ruolo}
            onChange={(e) => change({ ruolo: e.target.value, filiali: e.target.value === 'operatore' ? form.filiali.slice(0, 1) : form.filiali })}>
            <option value="super">{tr.form.super}</option>
            <option value="operatore">{tr.form.operatore}</option>
          </select>
        </div>
        <div className="col-md-4">{input('u-cf', 'codice_fiscale', tr.form.cf, form.codice_fiscale, (v) => change({ codice_fiscale: v }))}</div>
        <div className="col-md-8">{input('u-email', 'email', tr.form.email, form.email, (v) => change({ email: v }), 'email')}</div>
        <fieldset className="col-12" aria-describedby={branchProblem ? 'u-filiali-problem' : undefined}>
          <legend className="form-label small fw-semibold mb-1">{tr.form.filiali}</legend>
          {branches.map((b) => (
            <label key={b} className="me-3">
              <input type={form.ruolo === 'operatore' ? 'radio' : 'checkbox'} name="u-filiali" className="form-check-input me-1 u-filiale" value={b}
                checked={form.filiali.includes(b)}
                onChange={() => change({
                  filiali: form.ruolo === 'operatore' ? [b] : form.filiali.includes(b) ? form.filiali.filter((f) => f !== b) : [...form.filiali, b],
                })} />
              {b}
            </label>
          ))}
          {branchProblem && <div className="invalid-feedback d-block" id="u-filiali-problem">{branchProblem}</div>}
        </fieldset>
        <div className="col-md-6">{input('u-password', 'password', tr.form.password, form.password, (v) => change({ password: v }), 'password', tr.form.policy)}</div>
        <div className="col-12">
          <button type="submit" className="btn btn-primary" id="u-create" disabled={touched && problems.length > 0}>{tr.form.create}</button>
        </div>
      </form>
    </section>
  );
}
