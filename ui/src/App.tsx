import { useEffect, useState } from 'react';
import { backend, SessionInfo, Settings, Startup } from './backend';
import { ErrorAlert } from './components/ErrorAlert';
import { EMPTY_FILTER } from './components/FilterPanel';
import { useIdle } from './useIdle';
import { useBackgroundSync } from './useBackgroundSync';
import { Login } from './screens/Login';
import { Lock } from './screens/Lock';
import { Scope } from './screens/Scope';
import { Dashboard } from './screens/Dashboard';
import { Candidates, SearchState } from './screens/Candidates';
import { Sheet } from './screens/Sheet';
import { SettingsScreen } from './screens/SettingsScreen';
import { Receipts } from './screens/Receipts';
import { FasceDeboli } from './screens/FasceDeboli';
import { Offerte } from './screens/Offerte';
import { Utenti } from './screens/Utenti';
import { ConfigurazionePad } from './screens/ConfigurazionePad';
import { Report } from './screens/Report';
import { Corsi } from './screens/Corsi';
import { Agenda } from './screens/Agenda';
import { t } from './i18n';

type Area = 'dashboard' | 'candidates' | 'agenda' | 'offerte' | 'fasce-deboli' | 'receipts' | 'report' | 'utenti' | 'pad' | 'corsi' | 'settings';
// A sheet opened from the Offerte area goes back there, as the operator left it.
type View = { name: Area } | { name: 'sheet'; cf: string; from: 'candidates' | 'offerte' | 'agenda' };

export function App() {
  const [startup, setStartup] = useState<Startup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [scopeChosen, setScopeChosen] = useState(false);
  const [locked, setLocked] = useState(false);
  // Signed in to a server without a scope to choose: the Cruscotto syncs on arrival.
  const [autoSync, setAutoSync] = useState(false);
  const [view, setView] = useState<View>({ name: 'dashboard' });
  const [search, setSearch] = useState<SearchState>({ filter: EMPTY_FILTER, sort: 'surname' });
  // The report the Cruscotto opened (else the newest).
  const [reportDay, setReportDay] = useState<string | undefined>(undefined);

  useEffect(() => {
    backend.startup().then(setStartup, setError);
  }, []);

  const signedIn = session !== null && scopeChosen;
  useIdle(startup?.auto_lock_seconds ?? 0, signedIn && !locked, () => {
    // Hide first: personal data leaves the screen even if the backend call is slow.
    setLocked(true);
    void backend.lock();
  });

  useBackgroundSync(signedIn && !locked);

  if (!startup) return <main className="container my-5"><ErrorAlert error={error} /></main>;

  if (!session) {
    return (
      <Login server={startup.settings.server_url} autoDemo={startup.demo_requested}
        onSignedIn={(s) => {
          setSession(s);
          setScopeChosen(s.branches.length <= 1);
          setAutoSync(Boolean(s.login?.online) && s.branches.length <= 1);
          setView({ name: 'dashboard' });
          setSearch({ filter: EMPTY_FILTER, sort: 'surname' });
        }} />
    );
  }
  if (locked) return <Lock user={session.user} onUnlocked={() => setLocked(false)} />;
  if (!scopeChosen) {
    return <Scope session={session} onChosen={(scope) => { setSession({ ...session, scope }); setScopeChosen(true); }} />;
  }

  const settings: Settings = startup.settings;
  const agencyLevel = session.role === 'master' || session.role === 'super';
  // The Region's validators work on the course catalogue only: no citizens.
  const regionalOffice = session.role === 'validatore';
  const nav = (name: Area, label: string) => (
    <li className="nav-item">
      <button type="button" id={`nav-${name}`} className={`nav-link btn btn-link ${view.name === name ? 'active' : ''}`}
        aria-current={view.name === name ? 'page' : undefined} onClick={() => { setReportDay(undefined); setView({ name }); }}>
        {label}
      </button>
    </li>
  );

  return (
    <>
      <header className="app-header">
        <div className="d-flex flex-wrap align-items-center gap-3 px-3 py-2">
          <div className="app-brand">
            <span className="h4 mb-0">{t.app.name}</span>
            <span className="small ms-2 d-none d-xxl-inline">{t.app.subtitle}</span>
          </div>
          <nav aria-label={t.nav.main} className="flex-grow-1">
            <ul className="nav">
              {nav('dashboard', t.nav.dashboard)}
              {!regionalOffice && nav('candidates', t.nav.candidates)}
              {!regionalOffice && nav('agenda', t.agenda.nav)}
              {!regionalOffice && nav('offerte', t.offerte.nav)}
              {!regionalOffice && nav('fasce-deboli', t.fd.nav)}
              {nav('corsi', t.corsi.nav)}
              {!regionalOffice && nav('receipts', t.documents.receipts.nav)}
              {agencyLevel && nav('report', t.report.nav)}
              {agencyLevel && nav('utenti', t.utenti.nav)}
              {session.role && !regionalOffice && nav('pad', t.pad.nav)}
              {nav('settings', t.nav.settings)}
            </ul>
          </nav>
          <span className="small" id="header-user">
            {t.nav.user(session.user)}
            {session.demo && <span className="badge demo-badge ms-2">{t.nav.demo}</span>}
          </span>
          <button type="button" className="btn btn-sm btn-outline-light" id="nav-lock"
            onClick={() => { setLocked(true); void backend.lock(); }}>
            {t.nav.lock}
          </button>
          <button type="button" className="btn btn-sm btn-outline-light" id="nav-signout"
            onClick={() => { void backend.signOut(); setSession(null); }}>
            {t.nav.signOut}
          </button>
        </div>
      </header>
      {view.name === 'dashboard' && (
        <Dashboard session={session} autoSync={autoSync} onSynced={() => setAutoSync(false)}
          onOpenReport={agencyLevel ? (giorno) => { setReportDay(giorno); setView({ name: 'report' }); } : undefined} />
      )}
      {view.name === 'candidates' && (
        <Candidates search={search} onSearch={setSearch} exportDir={settings.export_dir}
          onOpen={(cf) => setView({ name: 'sheet', cf, from: 'candidates' })} />
      )}
      {(view.name === 'offerte' || (view.name === 'sheet' && view.from === 'offerte')) && (
        <div hidden={view.name !== 'offerte'}>
          <Offerte onOpenCandidate={(cf) => setView({ name: 'sheet', cf, from: 'offerte' })} />
        </div>
      )}
      {(view.name === 'agenda' || (view.name === 'sheet' && view.from === 'agenda')) && (
        <div hidden={view.name !== 'agenda'}>
          <Agenda active={view.name === 'agenda'} branches={session.branches} onOpenSheet={(cf) => setView({ name: 'sheet', cf, from: 'agenda' })} />
        </div>
      )}
      {view.name === 'fasce-deboli' && <FasceDeboli />}
      {view.name === 'sheet' && <Sheet key={view.cf} codiceFiscale={view.cf} onBack={() => setView({ name: view.from })}
        backLabel={view.from === 'offerte' ? t.sheet.backToOffer : view.from === 'agenda' ? t.sheet.backToAgenda : t.sheet.back} />}
      {view.name === 'receipts' && <Receipts exportDir={settings.export_dir} />}
      {view.name === 'report' && <Report giorno={reportDay} exportDir={settings.export_dir} />}
      {view.name === 'utenti' && <Utenti />}
      {view.name === 'pad' && <ConfigurazionePad />}
      {view.name === 'corsi' && <Corsi exportDir={settings.export_dir} />}
      {view.name === 'settings' && (
        <SettingsScreen value={settings}
          onSaved={(s) => setStartup({ ...startup, settings: s, auto_lock_seconds: s.auto_lock_minutes * 60 })} />
      )}
    </>
  );
}
