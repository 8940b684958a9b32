import { useCallback, useEffect, useRef, useState } from 'react';
import { CheckReport, FdOverview, fdBackend, ParticipantKey } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';
import { Richiesta } from './fd/Richiesta';
import { Compilazione } from './fd/Compilazione';
import { Controllo } from './fd/Controllo';
import { Caricamento } from './fd/Caricamento';
import { Esito } from './fd/Esito';
import { italianDate } from './fd/format';

export const STEPS = ['richiesta', 'compilazione', 'controllo', 'caricamento', 'esito'] as const;
export type Step = (typeof STEPS)[number];

/** How often the screen follows requests and uploads still waiting on FTWeb. */
export const FOLLOW_EVERY_MS = 5000;

/** Something is still on its way: a request or an upload not yet settled. */
export function pending(o: FdOverview): boolean {
  const waiting = ['da_inviare', 'in_coda', 'in_lavorazione'];
  return (
    o.richieste.some((r) => waiting.includes(r.stato) || (r.stato === 'pronto' && !r.downloaded_at)) ||
    o.storico.caricamenti.some((u) => waiting.includes(u.stato) || (u.stato === 'elaborato' && u.acquisite === null))
  );
}

/** "Fasce deboli": the five steps of the FTWeb participants file, over one overview
 * of where the work stands that is followed on the server while anything waits. */
export function FasceDeboli() {
  const [overview, setOverview] = useState<FdOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [step, setStep] = useState<Step>('richiesta');
  const [anno, setAnno] = useState<number | null>(null);
  const [check, setCheck] = useState<CheckReport | null>(null);
  const [focus, setFocus] = useState<ParticipantKey[] | null>(null);
  const [selectedUpload, setSelectedUpload] = useState<string | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  // One look at a time; a look asked for meanwhile runs once the current one ends, so
  // a change made during a look is never missed.
  const refresh = useCallback((): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const look = async () => {
      setRefreshing(true);
      do {
        again.current = false;
        try {
          const o = await fdBackend.overview();
          setOverview(o);
          setError(null);
          setAnno((current) => (current !== null && o.anni.includes(current) ? current : o.anni[0] ?? null));
        } catch (e) {
          setError(e);
        }
      } while (again.current);
      inFlight.current = null;
      setRefreshing(false);
    };
    inFlight.current = look();
    return inFlight.current;
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const waiting = overview !== null && pending(overview);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refresh(), FOLLOW_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting, refresh]);

  const campaign = overview?.storico.campagne.find((c) => c.anno === anno) ?? null;
  const index = STEPS.indexOf(step);

  return (
    <main className="container-fluid my-3" id="fd" data-step={step}>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
        <div>
          <h1 className="h3 mb-0">{t.fd.title}</h1>
          <p className="small text-muted mb-0">{t.fd.intro}</p>
        </div>
        <div className="d-flex align-items-center gap-2">
          {overview && overview.anni.length > 1 && (
            <>
              <label htmlFor="fd-year" className="small fw-semibold mb-0">{t.fd.year}</label>
              <select id="fd-year" className="form-select form-select-sm w-auto" value={anno ?? ''}
                onChange={(e) => { setAnno(Number(e.target.value)); setCheck(null); setFocus(null); }}>
                {overview.anni.map((a) => <option key={a} value={a}>{a}</option>)}
              </select>
            </>
          )}
          <button type="button" className="btn btn-outline-primary btn-sm" id="fd-refresh"
            disabled={refreshing} onClick={() => void refresh()}>
            {refreshing ? t.fd.refreshing : t.fd.refresh}
          </button>
        </div>
      </div>
      {overview && !overview.online && (
        <div className="alert alert-warning mt-2 mb-0 py-2" role="status" id="fd-offline">
          <strong>{t.fd.offline}: </strong>{overview.offline} {t.fd.offlineHint}
        </div>
      )}
      {campaign && (
        <p className={`small mt-2 mb-0 ${campaign.avviso ? 'text-danger fw-semibold' : ''}`} id="fd-deadline"
          data-days={campaign.giorni_rimasti}>
          {t.fd.deadline(campaign.anno, italianDate(campaign.scadenza), campaign.giorni_rimasti)}
          {campaign.avviso && <> — {campaign.avviso}</>}
        </p>
      )}
      <nav className="steppers my-3" aria-label={t.fd.steps}>
        <div className="steppers-header">
          <ul>
            {STEPS.map((s, i) => (
              <li key={s} className={s === step ? 'active' : i < index ? 'confirmed' : ''}>
                <button type="button" id={`fd-step-${s}`} className="btn btn-link p-0 fd-step-button"
                  aria-current={s === step ? 'step' : undefined} onClick={() => setStep(s)}>
                  {i + 1}. {t.fd.step[s]}
                </button>
              </li>
            ))}
          </ul>
          <span className="steppers-index" aria-hidden="true">{index + 1}/{STEPS.length}</span>
        </div>
      </nav>
      <ErrorAlert error={error} />
      {!overview && !error && <p>{t.common.loading}</p>}
      {overview && step === 'richiesta' && (
        <Richiesta overview={overview} onChanged={refresh} onNext={() => setStep('compilazione')} />
      )}
      {overview && step === 'compilazione' && (
        <Compilazione anno={anno} categorie={overview.categorie} focus={focus}
          onClearFocus={() => setFocus(null)} onChanged={() => { setCheck(null); void refresh(); }} />
      )}
      {overview && step === 'controllo' && (
        <Controllo anno={anno} report={check} onReport={setCheck}
          onUpload={() => setStep('caricamento')} onFix={() => setStep('compilazione')} />
      )}
      {overview && step === 'caricamento' && (
        <Caricamento anno={anno} check={check} campaign={campaign}
          onCheck={() => setStep('controllo')}
          onUploaded={(id) => { setSelectedUpload(id); void refresh(); }}
          onOutcome={() => setStep('esito')} />
      )}
      {overview && step === 'esito' && (
        <Esito overview={overview} selected={selectedUpload} onSelect={setSelectedUpload}
          onFix={(keys) => { setFocus(keys); setCheck(null); setStep('compilazione'); }} />
      )}
    </main>
  );
}
