import { useEffect, useState } from 'react';
import { backend, Choice, GiornoAgenda, SportelloView } from '../backend';
import { Appuntamento } from '../components/Appuntamento';
import { today } from '../components/CandidateAppointments';
import { ContattiCpi } from '../components/ContattiCpi';
import { DeskEditor } from '../components/DeskEditor';
import { DocumentForm } from '../components/DocumentForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { joinPath } from '../components/ExportPanel';
import { t } from '../i18n';

type Mode = 'day' | 'week';

/** `YYYY-MM-DD` moved by `days`, by the calendar (no time zone involved). */
export function shift(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const n = new Date(Date.UTC(y, m - 1, d + days));
  return n.toISOString().slice(0, 10);
}

/** The Monday of the week of `day`. */
export function monday(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return shift(day, -weekday);
}

/** "Agenda" (seed 003): the day or the week of one desk or all of them, each booking
 * with what may be done now; the desk's hours; the period printed as a PDF. */
export function Agenda({ active, branches, onOpenSheet }: { active: boolean; branches: Choice[]; onOpenSheet: (cf: string) => void }) {
  const tr = t.agenda;
  const [desks, setDesks] = useState<SportelloView[] | null>(null);
  const [desk, setDesk] = useState('');
  const [mode, setMode] = useState<Mode>('day');
  const [day, setDay] = useState(today());
  const [days, setDays] = useState<GiornoAgenda[] | null>(null);
  const [printing, setPrinting] = useState(false);
  // The desk being edited: its id, `new` for a new one, or none.
  const [editing, setEditing] = useState<string | null>(null);
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    backend.agendaSportelli().then(setDesks, setError);
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
  }, []);

  const dal = mode === 'week' ? monday(day) : day;
  const giorni = mode === 'week' ? 7 : 1;
  const request = { sportelli: desk ? [desk] : [], dal, giorni };
  const load = () => backend.agendaGiorni(request).then(setDays, setError);
  // Back from a sheet, the day is read again: a booking may have changed there.
  useEffect(() => { if (active) { setError(null); load(); } }, [desk, dal, giorni, active]);

  const chosen = desks?.find((s) => s.id === desk);
  const step = mode === 'week' ? 7 : 1;

  return (
    <main className="container-fluid my-4" id="agenda">
      <h1 className="h3">{tr.title}</h1>
      <p>{tr.intro}</p>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="agenda-notice">{notice}</div>}
      {desks && desks.length === 0 && <div className="alert alert-info" id="agenda-no-desks">{tr.noDesks}</div>}
      <div className="d-flex flex-wrap gap-2 align-items-end mb-3 agenda-controls">
        <div>
          <label className="form-label small" htmlFor="agenda-desk">{tr.desk}</label>
          <select id="agenda-desk" className="form-select form-select-sm" value={desk} onChange={(e) => setDesk(e.target.value)}>
            <option value="">{tr.allDesks}</option>
            {(desks ?? []).map((s) => <option key={s.id} value={s.id}>{s.filiale} · {s.nome}</option>)}
          </select>
        </div>
        <div className="btn-group btn-group-sm" role="group" aria-label={tr.title}>
          <button type="button" id="agenda-mode-day" className={`btn btn-outline-primary ${mode === 'day' ? 'active' : ''}`}
            aria-pressed={mode === 'day'} onClick={() => setMode('day')}>{tr.day}</button>
          <button type="button" id="agenda-mode-week" className={`btn btn-outline-primary ${mode === 'week' ? 'active' : ''}`}
            aria-pressed={mode === 'week'} onClick={() => setMode('week')}>{tr.week}</button>
        </div>
        <div>
          <label className="form-label small" htmlFor="agenda-day">{tr.from}</label>
          <input id="agenda-day" type="date" className="form-control form-control-sm" value={day}
            onChange={(e) => e.target.value && setDay(e.target.value)} />
        </div>
        <button type="button" className="btn btn-sm btn-outline-secondary" id="agenda-prev" onClick={() => setDay(shift(day, -step))}>{tr.previous}</button>
        <button type="button" className="btn btn-sm btn-outline-secondary" id="agenda-today" onClick={() => setDay(today())}>{tr.today}</button>
        <button type="button" className="btn btn-sm btn-outline-secondary" id="agenda-next" onClick={() => setDay(shift(day, step))}>{tr.next}</button>
        <button type="button" className="btn btn-sm btn-primary" id="agenda-print" onClick={() => setPrinting(true)}>{tr.print}</button>
        {desk && <button type="button" className="btn btn-sm btn-outline-primary" id="agenda-edit-desk" onClick={() => setEditing(desk)}>{tr.editDesk}</button>}
        <button type="button" className="btn btn-sm btn-outline-primary" id="agenda-new-desk" onClick={() => setEditing('new')}>{tr.newDesk}</button>
      </div>
      {editing && (
        <DeskEditor key={editing} id={editing === 'new' ? null : editing} branches={branches} onClose={() => setEditing(null)}
          onSaved={(s) => {
            setEditing(null);
            setNotice(tr.deskSaved(s.nome));
            backend.agendaSportelli().then(setDesks, setError);
            setDesk(s.id);
          }} />
      )}
      {printing && (
        <DocumentForm id="agenda-pdf-form" title={tr.printTitle} extension="pdf" filterName={t.documents.pdfFilter}
          defaultPath={joinPath(exportDir, tr.printName(dal, giorni))} onClose={() => setPrinting(false)}
          onCreate={(path, overwrite) => backend.agendaStampa({ agenda: request, path, overwrite })} />
      )}
      {chosen && (
        <div className="card card-body mb-3 small" id="agenda-desk-info">
          <strong>{chosen.nome}</strong>
          <span>{chosen.indirizzo}{chosen.telefono && ` · ${chosen.telefono}`}{chosen.email && ` · ${chosen.email}`}</span>
          <span className="mt-1">{tr.hours}:</span>
          <ul className="mb-1">{chosen.orari.map((o) => <li key={o}>{o}</li>)}</ul>
          {chosen.eccezioni.length > 0 && (
            <>
              <span>{tr.exceptions}:</span>
              <ul className="mb-0">{chosen.eccezioni.map((o) => <li key={o}>{o}</li>)}</ul>
            </>
          )}
        </div>
      )}
      <ContattiCpi active={active} onOpenSheet={onOpenSheet} />
      {days && days.map((g) => (
        <section key={g.data} className="mb-3 agenda-giorno" data-giorno={g.data} aria-labelledby={`giorno-${g.data}`}>
          <h2 className="h6 border-bottom pb-1" id={`giorno-${g.data}`}>{g.etichetta}</h2>
          {g.prenotazioni.length === 0 ? <p className="small text-muted mb-0">{tr.none}</p> : (
            <ul className="list-unstyled">
              {g.prenotazioni.map((p) => (
                <Appuntamento key={p.id} p={p} exportDir={exportDir} showCitizen onOpenSheet={onOpenSheet}
                  onChanged={(n) => { setNotice(tr.changed(n.stato_etichetta)); load(); }} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </main>
  );
}
