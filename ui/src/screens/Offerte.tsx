import { useEffect, useState } from 'react';
import {
  Abbinamenti, backend, Campo, CriterioView, dialogs, MassivoReport, ErrorItem, InteresseRiga, ListeOfferte, OffertaForm, OffertaRiga,
  OffertaScheda, OfferteFiltro, RifiutoRiga, VoceView,
} from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

const tr = t.offerte;
const EMPTY: OfferteFiltro = { qualifica: '', tipo_offerta: '', tipo_contratto: '', provincia: '', filiale: '', stato: 'pubblicata' };

type View = { name: 'list' } | { name: 'detail'; id: string } | { name: 'form'; id: string | null; form: OffertaForm };

/** "Offerte": seed 003's search, the offer's detail with its interests, the fitting
 * candidates and the refusal form, and the offer form checked as one types. */
export function Offerte({ onOpenCandidate }: { onOpenCandidate?: (codiceFiscale: string) => void }) {
  const [liste, setListe] = useState<ListeOfferte | null>(null);
  const [view, setView] = useState<View>({ name: 'list' });
  const [filtro, setFiltro] = useState<OfferteFiltro>(EMPTY);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    backend.offerteListe().then(setListe, setError);
  }, []);

  const newOffer = () => {
    setError(null);
    backend.offertaNuova().then((form) => setView({ name: 'form', id: null, form }), setError);
  };

  return (
    <main className="container-fluid my-3" id="offerte">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{tr.intro}</p>
      <ErrorAlert error={error} />
      {liste && view.name === 'list' && (
        <OfferteList liste={liste} filtro={filtro} onFiltro={setFiltro} onNew={newOffer}
          onOpen={(id) => setView({ name: 'detail', id })} />
      )}
      {liste && view.name === 'detail' && (
        <Detail key={view.id} id={view.id} liste={liste} onBack={() => setView({ name: 'list' })} onOpenCandidate={onOpenCandidate}
          onEdit={(s) => setView({ name: 'form', id: s.riga.id, form: s.form })} />
      )}
      {liste && view.name === 'form' && (
        <Form liste={liste} id={view.id} initial={view.form}
          onCancel={() => setView(view.id ? { name: 'detail', id: view.id } : { name: 'list' })}
          onSaved={(s) => setView({ name: 'detail', id: s.riga.id })} />
      )}
    </main>
  );
}

function Select({ id, label, value, options, onChange, any }: {
  id: string; label: string; value: string; options: VoceView[]; onChange: (v: string) => void; any?: string;
}) {
  return (
    <div className="mb-2">
      <label htmlFor={id} className="form-label small fw-semibold mb-1">{label}</label>
      <select id={id} className="form-select form-select-sm" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any ?? tr.form.choose}</option>
        {options.map((o) => <option key={o.codice} value={o.codice}>{o.descrizione}</option>)}
      </select>
    </div>
  );
}

function Text({ id, label, value, onChange, problem }: {
  id: string; label: string; value: string; onChange: (v: string) => void; problem?: string;
}) {
  return (
    <div className="mb-2">
      <label htmlFor={id} className="form-label small fw-semibold mb-1">{label}</label>
      <input id={id} className={`form-control form-control-sm ${problem ? 'is-invalid' : ''}`} value={value}
        aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)} />
      {problem && <div className="invalid-feedback d-block" id={`${id}-problem`}>{problem}</div>}
    </div>
  );
}

function OfferteList({ liste, filtro, onFiltro, onOpen, onNew }: {
  liste: ListeOfferte; filtro: OfferteFiltro; onFiltro: (f: OfferteFiltro) => void;
  onOpen: (id: string) => void; onNew: () => void;
}) {
  const [rows, setRows] = useState<OffertaRiga[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState(filtro);
  const search = (f: OfferteFiltro) => {
    setError(null);
    onFiltro(f);
    backend.offerteElenco(f).then(setRows, setError);
  };
  useEffect(() => search(filtro), []);
  const set = (k: keyof OfferteFiltro) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <>
      <form className="row g-3 align-items-end mb-3" id="offerte-filter"
        onSubmit={(e) => { e.preventDefault(); search(draft); }}>
        <div className="col-md-3"><Text id="of-qualifica" label={tr.filters.qualifica} value={draft.qualifica} onChange={set('qualifica')} /></div>
        <div className="col-md-2"><Select id="of-tipo-offerta" label={tr.filters.tipoOfferta} value={draft.tipo_offerta} options={liste.tipi_offerta} onChange={set('tipo_offerta')} any={tr.filters.any} /></div>
        <div className="col-md-2"><Select id="of-tipo-contratto" label={tr.filters.tipoContratto} value={draft.tipo_contratto} options={liste.tipi_contratto} onChange={set('tipo_contratto')} any={tr.filters.any} /></div>
        <div className="col-md-1"><Text id="of-provincia" label={tr.filters.provincia} value={draft.provincia} onChange={set('provincia')} /></div>
        <div className="col-md-1"><Text id="of-filiale" label={tr.filters.filiale} value={draft.filiale} onChange={set('filiale')} /></div>
        <div className="col-md-2"><Select id="of-stato" label={tr.filters.stato} value={draft.stato} options={liste.stati} onChange={set('stato')} any={tr.filters.any} /></div>
        <div className="col-md-1 d-flex gap-2">
          <button type="submit" className="btn btn-primary" id="of-search">{tr.search}</button>
        </div>
      </form>
      <button type="button" className="btn btn-outline-primary mb-3" id="of-new" onClick={onNew}>{tr.newOffer}</button>
      <BulkInsert onDone={() => search(filtro)} />
      <ErrorAlert error={error} />
      {rows && rows.length === 0 && <p id="offerte-none">{tr.none}</p>}
      {rows && rows.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm table-hover align-middle" id="offerte-table" data-count={rows.length}>
            <caption className="caption-top">{tr.count(rows.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{tr.columns.codice}</th>
                <th scope="col">{tr.columns.qualifica}</th>
                <th scope="col">{tr.columns.sedi}</th>
                <th scope="col">{tr.columns.contratto}</th>
                <th scope="col">{tr.columns.stato}</th>
                <th scope="col">{tr.columns.fine}</th>
                <th scope="col">{tr.columns.posti}</th>
                <th scope="col">{tr.columns.interessi}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} data-id={o.id} className="offerta-row">
                  <td className="text-nowrap">
                    <button type="button" className="btn btn-link p-0 offerta-open" onClick={() => onOpen(o.id)}>
                      {o.codice || tr.toSend}
                    </button>
                    {o.in_attesa && <span className="badge bg-warning text-dark ms-1">{tr.pending}</span>}
                  </td>
                  <td>{o.qualifica}</td>
                  <td>{o.sedi}</td>
                  <td>{o.tipo_contratto}</td>
                  <td data-stato={o.stato}>{o.stato_etichetta}</td>
                  <td className="text-nowrap">{o.fine_pubblicazione}</td>
                  <td>{o.posti}</td>
                  <td>{o.interessi}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Detail({ id, liste, onBack, onEdit, onOpenCandidate }: {
  id: string; liste: ListeOfferte; onBack: () => void; onEdit: (s: OffertaScheda) => void; onOpenCandidate?: (cf: string) => void;
}) {
  const [s, setS] = useState<OffertaScheda | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fine, setFine] = useState('');
  const [tab, setTab] = useState<'interessi' | 'abbinamenti' | 'rifiuto'>('interessi');
  useEffect(() => {
    backend.offertaScheda(id).then((x) => { setS(x); setFine(x.form.fine_pubblicazione); }, setError);
  }, [id]);
  if (!s) return <ErrorAlert error={error} />;
  const act = (azione: string) => {
    setError(null);
    backend.offertaStato(s.riga.id, azione, fine).then((x) => { setS(x); setNotice(tr.actions.done); }, setError);
  };
  const r = s.riga;
  const field = (label: string, value: string) => (
    <div className="col-md-4 mb-2"><div className="small text-muted">{label}</div><div>{value || '—'}</div></div>
  );
  return (
    <section id="offerta-detail" data-stato={r.stato}>
      <button type="button" className="btn btn-link ps-0" id="of-back" onClick={onBack}>← {tr.back}</button>
      <h2 className="h4">{tr.detail}: <span id="offerta-codice">{r.codice || tr.toSend}</span> — {r.qualifica}</h2>
      <p>
        <span className="badge bg-primary" id="offerta-stato">{r.stato_etichetta}</span>
        {r.in_attesa && <span className="badge bg-warning text-dark ms-2">{tr.pending}</span>}
      </p>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="offerta-notice">{notice}</div>}
      <div className="row">
        {field(tr.identificativo, s.identificativo)}
        {field(tr.filiale, r.filiale)}
        {field(tr.columns.contratto, r.tipo_contratto)}
        {field(tr.filters.tipoOfferta, r.tipo_offerta)}
        {field(tr.modalita, s.modalita_lavoro)}
        {field(tr.columns.posti, String(r.posti))}
        {field(tr.columns.sedi, r.sedi)}
        {field(tr.columns.fine, r.fine_pubblicazione)}
        {field(tr.scadenza, r.scadenza)}
        {field(tr.esperienza, s.esperienza)}
        {field(tr.titolo, s.titolo_studio_minimo)}
        {field(tr.patenti, s.patenti)}
        {field(tr.lingue, s.lingue)}
      </div>
      <p><span className="small text-muted">{tr.descrizione}</span><br />{s.descrizione_qualifica}</p>
      <p className="small">
        <strong>{tr.requisiti}: </strong>
        {s.requisiti.map(([label, value]) => `${label}: ${value}`).join(' · ')}
      </p>
      <div className="d-flex flex-wrap align-items-end gap-2 mt-3 mb-3" id="offerta-actions">
        {s.azioni.includes('modifica') && (
          <button type="button" className="btn btn-outline-primary" id="of-edit" onClick={() => onEdit(s)}>{tr.actions.modifica}</button>
        )}
        {(s.azioni.includes('pubblica') || s.azioni.includes('ripubblica')) && (
          <div>
            <label htmlFor="of-fine" className="form-label small fw-semibold mb-1">{tr.actions.fine}</label>
            <input id="of-fine" className="form-control form-control-sm" value={fine} onChange={(e) => setFine(e.target.value)} />
          </div>
        )}
        {s.azioni.includes('pubblica') && <button type="button" className="btn btn-primary" id="of-publish" onClick={() => act('pubblica')}>{tr.actions.pubblica}</button>}
        {s.azioni.includes('ripubblica') && <button type="button" className="btn btn-outline-primary" id="of-republish" onClick={() => act('ripubblica')}>{tr.actions.ripubblica}</button>}
        {s.azioni.includes('chiudi') && <button type="button" className="btn btn-outline-danger" id="of-close" onClick={() => act('chiudi')}>{tr.actions.chiudi}</button>}
      </div>
      <details className="mb-3">
        <summary>{tr.storico}</summary>
        <ul id="offerta-storico">{s.storico.map((e) => <li key={e}>{e}</li>)}</ul>
      </details>
      <ul className="nav nav-tabs mb-3" role="tablist">
        {(['interessi', 'abbinamenti', 'rifiuto'] as const).map((k) => (
          <li className="nav-item" key={k}>
            <button type="button" role="tab" id={`of-tab-${k}`} aria-selected={tab === k}
              className={`nav-link ${tab === k ? 'active' : ''}`} onClick={() => setTab(k)}>{tr.tabs[k]}</button>
          </li>
        ))}
      </ul>
      {tab === 'interessi' && <Interessi offerta={r.id} codice={r.codice} liste={liste} onOpenCandidate={onOpenCandidate} />}
      {tab === 'abbinamenti' && <Fits offerta={r.id} canPropose={s.azioni.includes('proponi')} />}
      {tab === 'rifiuto' && <Refusal offerta={r.id} liste={liste} />}
    </section>
  );
}

function Interessi({ offerta, codice, liste, onOpenCandidate }: {
  offerta: string; codice: string; liste: ListeOfferte; onOpenCandidate?: (cf: string) => void;
}) {
  const [rows, setRows] = useState<InteresseRiga[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const esporta = async () => {
    setError(null);
    const path = await dialogs.save({ defaultPath: tr.interessi.exportName(codice), filters: [{ name: tr.massivo.xlsxFilter, extensions: ['xlsx'] }] });
    if (!path) return;
    backend.interessiEsporta(offerta, path, true).then((r) => setNotice(tr.interessi.exported(r.rows, r.file)), setError);
  };
  const [next, setNext] = useState<Record<string, string>>({});
  const [nota, setNota] = useState<Record<string, string>>({});
  const load = () => backend.interessiElenco(offerta, null).then(setRows, setError);
  useEffect(() => { void load(); }, [offerta]);
  const label = (code: string) => liste.stati_interesse.find((s) => s.codice === code)?.descrizione ?? code;
  const apply = (i: InteresseRiga) => {
    setError(null);
    backend.interesseAvanza(i.id, next[i.id] ?? i.prossimi[0], nota[i.id] ?? '').then(() => load(), setError);
  };
  return (
    <div id="offerta-interessi">
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="interessi-notice">{notice}</div>}
      {rows && rows.length > 0 && (
        <button type="button" className="btn btn-outline-primary btn-sm mb-2" id="interessi-export" onClick={() => void esporta()}>
          {tr.interessi.export}
        </button>
      )}
      {rows && rows.length === 0 && <p>{tr.interessi.none}</p>}
      {rows && rows.length > 0 && (
        <table className="table table-sm align-middle" id="interessi-table" data-count={rows.length}>
          <thead>
            <tr>
              <th scope="col">{tr.interessi.cittadino}</th>
              <th scope="col">{tr.interessi.data}</th>
              <th scope="col">{tr.interessi.origine}</th>
              <th scope="col">{tr.interessi.stato}</th>
              <th scope="col">{tr.interessi.next}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} data-id={i.id} data-cf={i.codice_fiscale} className="interesse-row">
                <td>
                  {onOpenCandidate
                    ? <button type="button" className="btn btn-link p-0 interesse-open" onClick={() => onOpenCandidate(i.codice_fiscale)}>{i.cognome} {i.nome}</button>
                    : <>{i.cognome} {i.nome}</>}
                  <br /><span className="small font-monospace">{i.codice_fiscale}</span>
                </td>
                <td>{i.data}</td>
                <td>{i.origine}</td>
                <td className="interesse-stato" data-stato={i.stato}>
                  {i.stato_etichetta}
                  {i.in_attesa && <span className="badge bg-warning text-dark ms-1">{tr.pending}</span>}
                </td>
                <td>
                  {i.prossimi.length > 0 && (
                    <div className="d-flex gap-2 align-items-center">
                      <label className="visually-hidden" htmlFor={`next-${i.id}`}>{tr.interessi.next}</label>
                      <select id={`next-${i.id}`} className="form-select form-select-sm interesse-next"
                        value={next[i.id] ?? i.prossimi[0]} onChange={(e) => setNext({ ...next, [i.id]: e.target.value })}>
                        {i.prossimi.map((p) => <option key={p} value={p}>{label(p)}</option>)}
                      </select>
                      <label className="visually-hidden" htmlFor={`nota-${i.id}`}>{tr.interessi.nota}</label>
                      <input id={`nota-${i.id}`} className="form-control form-control-sm" placeholder={tr.interessi.nota}
                        value={nota[i.id] ?? ''} onChange={(e) => setNota({ ...nota, [i.id]: e.target.value })} />
                      <button type="button" className="btn btn-sm btn-primary interesse-apply" onClick={() => apply(i)}>
                        {tr.interessi.apply}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const PAGE = 20;

function Fits({ offerta, canPropose }: { offerta: string; canPropose: boolean }) {
  const [fits, setFits] = useState<Abbinamenti | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const load = (limit: number) => backend.abbinamenti(offerta, 0, limit).then(setFits, setError);
  useEffect(() => { void load(PAGE); }, [offerta]);
  const propose = () => {
    setError(null);
    backend.offertaProponi(offerta, chosen).then((n) => {
      setNotice(tr.abbinamenti.proposed(n));
      setChosen([]);
      void load(fits?.righe.length ?? PAGE);
    }, setError);
  };
  const toggle = (cf: string) => setChosen(chosen.includes(cf) ? chosen.filter((c) => c !== cf) : [...chosen, cf]);
  return (
    <div id="offerta-abbinamenti">
      <p className="text-muted">{tr.abbinamenti.intro}</p>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="abbinamenti-notice">{notice}</div>}
      {fits && <p id="abbinamenti-total">{tr.abbinamenti.total(fits.totale)}</p>}
      {!canPropose && <p className="small">{tr.abbinamenti.onlyPublished}</p>}
      {canPropose && (
        <button type="button" className="btn btn-primary mb-2" id="abbinamenti-propose" disabled={chosen.length === 0} onClick={propose}>
          {tr.abbinamenti.propose(chosen.length)}
        </button>
      )}
      {fits && (
        <ul className="list-unstyled" id="abbinamenti-list">
          {fits.righe.map((r) => (
            <li key={r.codice_fiscale} className="border-bottom py-2 abbinamento" data-cf={r.codice_fiscale}>
              <div className="d-flex gap-2 align-items-center">
                {canPropose && !r.interessato && (
                  <input type="checkbox" className="form-check-input abbinamento-select" id={`fit-${r.codice_fiscale}`}
                    aria-label={tr.abbinamenti.select(`${r.cognome} ${r.nome}`)}
                    checked={chosen.includes(r.codice_fiscale)} onChange={() => toggle(r.codice_fiscale)} />
                )}
                <strong>{r.cognome} {r.nome}</strong>
                <span className="small font-monospace">{r.codice_fiscale}</span>
                <span className="small">{r.filiale} · {r.comune}{r.distanza && ` · ${r.distanza}`}</span>
                {r.interessato && <span className="badge bg-secondary">{tr.abbinamenti.already}</span>}
              </div>
              <Criteri criteri={r.criteri} />
            </li>
          ))}
        </ul>
      )}
      {fits && fits.righe.length < fits.totale && (
        <button type="button" className="btn btn-outline-primary" id="abbinamenti-more" onClick={() => load(fits.righe.length + PAGE)}>
          {tr.abbinamenti.more}
        </button>
      )}
    </div>
  );
}

/** Each criterion met (✓) or missed (✗), with its reason. */
export function Criteri({ criteri }: { criteri: CriterioView[] }) {
  return (
    <ul className="small mb-0 criteri">
      {criteri.map((c) => (
        <li key={c.criterio} data-met={c.soddisfatto}>
          <span aria-hidden="true">{c.soddisfatto ? '✓' : '✗'}</span> <strong>{c.criterio}</strong>: {c.motivo}
        </li>
      ))}
    </ul>
  );
}

function Refusal({ offerta, liste }: { offerta: string; liste: ListeOfferte }) {
  const [rows, setRows] = useState<RifiutoRiga[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => backend.rifiutiElenco(offerta, null).then(setRows, setError);
  useEffect(() => { void load(); }, [offerta]);
  return (
    <div id="offerta-rifiuto">
      <ErrorAlert error={error} />
      <RefusalForm offerta={offerta} liste={liste} onFiled={load} />
      <h3 className="h5 mt-4">{tr.rifiuto.list}</h3>
      {rows && rows.length === 0 && <p>{tr.rifiuto.none}</p>}
      {rows && rows.length > 0 && (
        <ul id="rifiuti-list">
          {rows.map((r) => (
            <li key={r.id} data-trasmissione={r.trasmissione}>
              {r.data} · <span className="font-monospace">{r.codice_fiscale}</span> · {r.motivo}
              {r.note && ` · ${r.note}`} · {tr.rifiuto.trasmissione}: {r.trasmissione}
              {r.protocollo && ` (${tr.rifiuto.protocollo(r.protocollo)})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The "comunicazione rifiuto dell'offerta" form: for one offer (the citizen typed),
 * or for one citizen (the offer chosen among `offerte`). */
export function RefusalForm({ offerta = '', codiceFiscale = '', offerte, liste, note = '', onFiled }: {
  offerta?: string; codiceFiscale?: string; offerte?: VoceView[]; liste: ListeOfferte; note?: string; onFiled: () => void;
}) {
  const today = new Date().toLocaleDateString('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric' });
  const [form, setForm] = useState({ offerta, codice_fiscale: codiceFiscale, data: today, motivo: '', note });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = () => {
    setError(null);
    backend.rifiutoNuovo(form).then(([, receipt]) => {
      setNotice(tr.rifiuto.done(receipt.number));
      setForm({ ...form, offerta, codice_fiscale: codiceFiscale, note: '' });
      onFiled();
    }, setError);
  };
  return (
    <>
      <p className="text-muted">{tr.rifiuto.intro}</p>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="rifiuto-notice">{notice}</div>}
      <form className="row g-3" id="rifiuto-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        {offerte && (
          <div className="col-md-12"><Select id="rf-offerta" label={tr.rifiuto.offerta} value={form.offerta} options={offerte} onChange={(v) => setForm({ ...form, offerta: v })} /></div>
        )}
        {!codiceFiscale && (
          <div className="col-md-4"><Text id="rf-cf" label={tr.rifiuto.cf} value={form.codice_fiscale} onChange={(v) => setForm({ ...form, codice_fiscale: v })} /></div>
        )}
        <div className="col-md-3"><Text id="rf-data" label={tr.rifiuto.data} value={form.data} onChange={(v) => setForm({ ...form, data: v })} /></div>
        <div className="col-md-5"><Select id="rf-motivo" label={tr.rifiuto.motivo} value={form.motivo} options={liste.motivi_rifiuto} onChange={(v) => setForm({ ...form, motivo: v })} /></div>
        <div className="col-12"><Text id="rf-note" label={tr.rifiuto.note} value={form.note} onChange={(v) => setForm({ ...form, note: v })} /></div>
        <div className="col-12"><button type="submit" className="btn btn-primary" id="rf-send">{tr.rifiuto.send}</button></div>
      </form>
    </>
  );
}

function Form({ liste, id, initial, onCancel, onSaved }: {
  liste: ListeOfferte; id: string | null; initial: OffertaForm; onCancel: () => void; onSaved: (s: OffertaScheda) => void;
}) {
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<ErrorItem<Campo>[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (!touched) return;
    const timer = setTimeout(() => { backend.offertaProblemi(form).then(setProblems, setError); }, 250);
    return () => clearTimeout(timer);
  }, [form, touched]);
  const set = <K extends keyof OffertaForm>(k: K) => (v: OffertaForm[K]) => { setTouched(true); setForm({ ...form, [k]: v }); };
  const problem = (c: Campo) => problems.filter((p) => p.code === c).map((p) => p.message).join(' ') || undefined;
  const check = (k: 'partita_iva' | 'mezzi_trasporto' | 'trasferte' | 'collocamento_mirato', label: string) => (
    <div className="form-check form-check-inline">
      <input type="checkbox" className="form-check-input" id={`f-${k}`} checked={form[k]} onChange={(e) => set(k)(e.target.checked)} />
      <label className="form-check-label" htmlFor={`f-${k}`}>{label}</label>
    </div>
  );
  const save = () => {
    setError(null);
    backend.offertaSalva(id, form).then(onSaved, (e) => {
      setError(e);
      setTouched(true);
      backend.offertaProblemi(form).then(setProblems, () => {});
    });
  };
  return (
    <form id="offerta-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <h2 className="h4">{id ? tr.form.titleEdit(initial.qualifica) : tr.form.titleNew}</h2>
      <ErrorAlert error={error} />
      {problems.length > 0 && <p className="text-danger" id="offerta-problems" data-count={problems.length}>{tr.form.problems(problems.length)}</p>}
      <div className="row">
        <div className="col-md-4"><Select id="f-tipo-offerta" label={tr.filters.tipoOfferta} value={form.tipo_offerta} options={liste.tipi_offerta} onChange={set('tipo_offerta')} /></div>
        <div className="col-md-4"><Select id="f-tipo-contratto" label={tr.filters.tipoContratto} value={form.tipo_contratto} options={liste.tipi_contratto} onChange={set('tipo_contratto')} /></div>
        <div className="col-md-4"><Select id="f-modalita" label={tr.modalita} value={form.modalita_lavoro} options={liste.modalita_lavoro} onChange={set('modalita_lavoro')} /></div>
      </div>
      {['tipo_offerta', 'tipo_contratto', 'modalita_lavoro'].map((c) => problem(c as Campo) && (
        <div className="text-danger small" key={c} id={`f-${c}-problem`}>{problem(c as Campo)}</div>
      ))}
      <div className="row mt-3">
        <div className="col-md-6"><Text id="f-qualifica" label={tr.columns.qualifica} value={form.qualifica} onChange={set('qualifica')} problem={problem('qualifica')} /></div>
        <div className="col-md-2"><Text id="f-posti" label={tr.form.posti} value={form.posti} onChange={set('posti')} problem={problem('posti')} /></div>
        <div className="col-md-4"><Text id="f-filiale" label={tr.filiale} value={form.filiale} onChange={set('filiale')} problem={problem('filiale')} /></div>
      </div>
      <Text id="f-descrizione" label={tr.descrizione} value={form.descrizione_qualifica} onChange={set('descrizione_qualifica')} problem={problem('descrizione_qualifica')} />
      <Text id="f-sedi" label={tr.form.sedi} value={form.sedi} onChange={set('sedi')} problem={problem('sedi')} />
      <div className="form-check mb-2">
        <input type="checkbox" className="form-check-input" id="f-esperienza" checked={form.esperienza_richiesta} onChange={(e) => set('esperienza_richiesta')(e.target.checked)} />
        <label className="form-check-label" htmlFor="f-esperienza">{tr.form.esperienza}</label>
      </div>
      {form.esperienza_richiesta && (
        <Text id="f-descrizione-esperienza" label={tr.form.descrizioneEsperienza} value={form.descrizione_esperienza} onChange={set('descrizione_esperienza')} problem={problem('descrizione_esperienza')} />
      )}
      <div className="row">
        <div className="col-md-3"><Text id="f-scadenza" label={tr.form.scadenza} value={form.scadenza} onChange={set('scadenza')} problem={problem('scadenza')} /></div>
        <div className="col-md-3"><Text id="f-fine" label={tr.form.fine} value={form.fine_pubblicazione} onChange={set('fine_pubblicazione')} problem={problem('fine_pubblicazione')} /></div>
        <div className="col-md-6"><Select id="f-titolo" label={tr.titolo} value={form.titolo_studio_minimo} options={liste.titoli_studio} onChange={set('titolo_studio_minimo')} any={tr.form.titoloNone} /></div>
      </div>
      <fieldset className="mb-3">
        <legend className="h6">{tr.requisiti}</legend>
        {check('partita_iva', tr.form.partitaIva)}
        {check('mezzi_trasporto', tr.form.mezzi)}
        {check('trasferte', tr.form.trasferte)}
        {check('collocamento_mirato', tr.form.collocamento)}
      </fieldset>
      <div className="row">
        <div className="col-md-6"><Text id="f-patenti" label={tr.form.patenti} value={form.patenti} onChange={set('patenti')} problem={problem('patenti')} /></div>
        <div className="col-md-6"><Text id="f-lingue" label={tr.form.lingue} value={form.lingue} onChange={set('lingue')} problem={problem('lingue')} /></div>
      </div>
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" id="f-save">{id ? tr.form.saveEdit : tr.form.save}</button>
        <button type="button" className="btn btn-outline-secondary" id="f-cancel" onClick={onCancel}>{tr.form.cancel}</button>
      </div>
    </form>
  );
}

function BulkInsert({ onDone }: { onDone: () => void }) {
  const m = tr.massivo;
  const [pubblica, setPubblica] = useState(true);
  const [report, setReport] = useState<MassivoReport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const filters = [{ name: m.xlsxFilter, extensions: ['xlsx'] }];
  const template = async () => {
    setError(null);
    const path = await dialogs.save({ defaultPath: m.templateName, filters });
    if (!path) return;
    backend.offerteModello(path, true).then((f) => setNotice(m.templateSaved(f)), setError);
  };
  const importa = async () => {
    setError(null);
    setNotice(null);
    const path = await dialogs.open({ filters });
    if (!path) return;
    backend.offerteImporta(path, pubblica).then((r) => { setReport(r); if (r.inserite > 0) onDone(); }, setError);
  };
  return (
    <details className="mb-3" id="offerte-massivo">
      <summary>{m.title}</summary>
      <p className="text-muted mt-2">{m.intro}</p>
      <div className="d-flex flex-wrap gap-3 align-items-center">
        <button type="button" className="btn btn-outline-primary" id="massivo-template" onClick={() => void template()}>{m.template}</button>
        <div className="form-check mb-0">
          <input type="checkbox" className="form-check-input" id="massivo-pubblica" checked={pubblica} onChange={(e) => setPubblica(e.target.checked)} />
          <label className="form-check-label" htmlFor="massivo-pubblica">{m.pubblica}</label>
        </div>
        <button type="button" className="btn btn-primary" id="massivo-import" onClick={() => void importa()}>{m.import}</button>
      </div>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success mt-2" role="status">{notice}</div>}
      {report && report.errori_totali > 0 && (
        <div className="mt-2" id="massivo-errors" data-count={report.errori_totali}>
          <div className="alert alert-danger" role="alert">{m.refused(report.errori_totali, report.righe)}</div>
          <table className="table table-sm">
            <thead><tr><th scope="col">{m.row}</th><th scope="col">{m.column}</th><th scope="col">{m.message}</th></tr></thead>
            <tbody>
              {report.errori.map((e, i) => <tr key={i}><td>{e.riga}</td><td>{e.colonna}</td><td>{e.messaggio}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
      {report && report.errori_totali === 0 && (
        <div className="alert alert-success mt-2" role="status" id="massivo-done">
          {report.ricevuta ? m.done(report.inserite, report.ricevuta.number) : m.empty}
        </div>
      )}
    </details>
  );
}
