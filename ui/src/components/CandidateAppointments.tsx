import { FormEvent, useEffect, useState } from 'react';
import { backend, PrenotazioneView, SportelloView, VoceView } from '../backend';
import { Appuntamento } from './Appuntamento';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

const SLOT_DAYS = 14;

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Lun 07/12 09:30" from `YYYY-MM-DDTHH:MM:SS`, without the browser's time zone. */
export function slotLabel(s: string): string {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const day = new Date(y, m - 1, d).toLocaleDateString('it-IT', { weekday: 'short' });
  return `${day} ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
}

/** "Appuntamenti" on a candidate's sheet (seed 003, "Prenota un appuntamento"): the
 * citizen's bookings, and booking (or moving one to) a free slot of a desk of the
 * citizen's CPI; the receipt from the booking's line. */
export function CandidateAppointments({ codiceFiscale, branch }: { codiceFiscale: string; branch: string }) {
  const tr = t.agenda;
  const [mine, setMine] = useState<PrenotazioneView[] | null>(null);
  const [desks, setDesks] = useState<SportelloView[]>([]);
  const [tipi, setTipi] = useState<VoceView[]>([]);
  const [desk, setDesk] = useState('');
  const [tipo, setTipo] = useState('');
  const [dal, setDal] = useState(today());
  const [slots, setSlots] = useState<string[] | null>(null);
  const [slot, setSlot] = useState('');
  const [moving, setMoving] = useState<PrenotazioneView | null>(null);
  const [messaggio, setMessaggio] = useState('');
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () => backend.agendaDelCittadino(codiceFiscale).then(setMine, setError);
  useEffect(() => {
    load();
    backend.agendaSportelli().then((all) => {
      const own = all.filter((s) => s.filiale === branch);
      setDesks(own);
      setDesk(own[0]?.id ?? '');
    }, setError);
    backend.agendaTipi().then((l) => { setTipi(l); setTipo(l[0]?.codice ?? ''); }, setError);
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
  }, [codiceFiscale, branch]);

  const cerca = () => {
    setError(null);
    setSlots(null);
    backend.agendaLiberi({ sportello: desk, tipo, dal, giorni: SLOT_DAYS, sposta: moving?.id ?? null }).then((l) => {
      setSlots(l);
      setSlot(l[0] ?? '');
    }, setError);
  };
  // A new desk, type or day: the slots found no longer apply.
  useEffect(() => { setSlots(null); setSlot(''); }, [desk, tipo, dal, moving]);

  const prenota = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    backend.agendaPrenota({ codice_fiscale: codiceFiscale, sportello: desk, tipo, inizio: slot, sposta: moving?.id ?? null }).then((p) => {
      setNotice(tr.booked(`${p.data} ${p.orario}`));
      setMoving(null);
      setSlots(null);
      load();
    }, setError);
  };

  return (
    <section className="mt-4" id="candidate-appointments" aria-labelledby="candidate-appointments-title">
      <h2 className="h5" id="candidate-appointments-title">{tr.sheetTitle}</h2>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="appointments-notice">{notice}</div>}
      {mine && mine.length === 0 && <p id="appointments-none">{tr.sheetNone}</p>}
      {mine && mine.length > 0 && (
        <ul className="list-unstyled" id="appointments-list">
          {mine.map((p) => (
            <Appuntamento key={p.id} p={p} exportDir={exportDir} showCitizen={false}
              onChanged={(n) => { setNotice(tr.changed(n.stato_etichetta)); load(); }}
              onMove={(m) => { setMoving(m); setDesk(m.sportello); setTipo(m.tipo); setNotice(null); }} />
          ))}
        </ul>
      )}
      <h3 className="h6 mt-3">{tr.book}</h3>
      {moving && (
        <p className="small" id="appointments-moving">
          {tr.moving(`${moving.data} ${moving.orario}`)}{' '}
          <button type="button" className="btn btn-link btn-sm p-0" onClick={() => setMoving(null)}>{tr.cancelMove}</button>
        </p>
      )}
      {desks.length === 0 ? <p id="appointments-no-desk">{tr.otherCpi}</p> : (
        <form className="d-flex flex-wrap gap-2 align-items-end" onSubmit={prenota}>
          <div>
            <label className="form-label small" htmlFor="booking-desk">{tr.desk}</label>
            <select id="booking-desk" className="form-select form-select-sm" value={desk} onChange={(e) => setDesk(e.target.value)}>
              {desks.map((s) => <option key={s.id} value={s.id}>{s.nome}</option>)}
            </select>
          </div>
          <div>
            <label className="form-label small" htmlFor="booking-type">{tr.type}</label>
            <select id="booking-type" className="form-select form-select-sm" value={tipo} onChange={(e) => setTipo(e.target.value)}>
              {tipi.map((v) => <option key={v.codice} value={v.codice}>{v.descrizione}</option>)}
            </select>
          </div>
          <div>
            <label className="form-label small" htmlFor="booking-from">{tr.from}</label>
            <input id="booking-from" type="date" className="form-control form-control-sm" value={dal} onChange={(e) => setDal(e.target.value)} />
          </div>
          <button type="button" className="btn btn-sm btn-outline-primary" id="booking-search" disabled={!desk || !tipo || !dal} onClick={cerca}>
            {tr.searchSlots}
          </button>
          {slots && slots.length === 0 && <p className="w-100 mb-0" id="booking-no-slots">{tr.noSlots}</p>}
          {slots && slots.length === 0 && (
            <div className="w-100" id="contact-cpi">
              <p className="small mb-1">{tr.contact.hint}</p>
              <label className="form-label small" htmlFor="contact-cpi-text">{tr.contact.label}</label>
              <textarea id="contact-cpi-text" className="form-control form-control-sm mb-1" rows={2} maxLength={2000}
                value={messaggio} onChange={(e) => setMessaggio(e.target.value)} />
              <button type="button" className="btn btn-sm btn-outline-primary" id="contact-cpi-send" disabled={!messaggio.trim()}
                onClick={() => {
                  setError(null);
                  backend.contattaCpi({ codice_fiscale: codiceFiscale, tipo, testo: messaggio }).then(() => {
                    setNotice(tr.contact.sent);
                    setMessaggio('');
                    setSlots(null);
                  }, setError);
                }}>
                {tr.contact.send}
              </button>
            </div>
          )}
          {slots && slots.length > 0 && (
            <>
              <div>
                <label className="form-label small" htmlFor="booking-slot">{tr.slot}</label>
                <select id="booking-slot" className="form-select form-select-sm" value={slot} onChange={(e) => setSlot(e.target.value)}>
                  {slots.map((s) => <option key={s} value={s}>{slotLabel(s)}</option>)}
                </select>
              </div>
              <button type="submit" className="btn btn-sm btn-primary" id="booking-confirm" disabled={!slot}>{tr.confirmBooking}</button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
