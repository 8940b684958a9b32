import { FormEvent, useEffect, useState } from 'react';
import { backend, CandidateNotes as Notes, ContactField, ContactsForm, ErrorItem } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { italianDateTime } from './SyncPanel';
import { t } from '../i18n';

const KINDS = ['nota', 'contatto', 'esito_colloquio', 'rifiuto_offerta'];
const ITALIAN_DATE = /^\d{1,2}\/\d{1,2}\/\d{4}$/;

/** The Scheda's local changes: annotations and recapiti. Each is saved in the local
 * store with its outbox entry and leaves with the next sync. */
export function CandidateNotes({ codiceFiscale, refusalsFiled = 0, onRefusal }: {
  codiceFiscale: string; refusalsFiled?: number; onRefusal?: () => void;
}) {
  const [notes, setNotes] = useState<Notes | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    backend.candidateNotes(codiceFiscale).then(setNotes, setError);
  }, [codiceFiscale, refusalsFiled]);

  if (!notes) return <ErrorAlert error={error} />;
  return (
    <div className="row g-4 mt-1" id="notes" data-pending={notes.pending}>
      {notes.pending > 0 && (
        <p className="col-12 mb-0">
          <span className="badge bg-warning text-dark" id="notes-pending">{t.desk.candidatePending(notes.pending)}</span>
        </p>
      )}
      {notes.rifiuti_da_comunicare > 0 && (
        <div className="col-12">
          <div className="alert alert-warning mb-0" role="status" id="refusal-reminder">
            <p className="mb-2">{t.desk.refusalReminder(notes.rifiuti_da_comunicare)}</p>
            {onRefusal && (
              <button type="button" className="btn btn-primary btn-sm" id="refusal-reminder-file" onClick={onRefusal}>
                {t.desk.refusalFile}
              </button>
            )}
          </div>
        </div>
      )}
      <div className="col-12 col-xl-7">
        <Annotations codiceFiscale={codiceFiscale} notes={notes} onSaved={setNotes} />
      </div>
      <div className="col-12 col-xl-5">
        <Contacts codiceFiscale={codiceFiscale} initial={notes.contacts} onSaved={setNotes} />
      </div>
    </div>
  );
}

function Annotations({
  codiceFiscale,
  notes,
  onSaved,
}: {
  codiceFiscale: string;
  notes: Notes;
  onSaved: (n: Notes) => void;
}) {
  const [kind, setKind] = useState('nota');
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    if (!text.trim()) return setProblem(t.desk.noteEmpty);
    if (date.trim() && !ITALIAN_DATE.test(date.trim())) return setProblem(t.desk.noteBadDate);
    setProblem(null);
    try {
      onSaved(await backend.addAnnotation({ codice_fiscale: codiceFiscale, kind, text, occurred_on: date }));
      setText('');
      setDate('');
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="notes-title" id="annotations">
      <h2 className="h5" id="notes-title">{t.desk.notesTitle}</h2>
      <form onSubmit={submit} noValidate className="mb-3">
        <div className="row g-2">
          <div className="col-12 col-sm-6">
            <label htmlFor="note-kind" className="form-label small fw-semibold mb-1">{t.desk.kind}</label>
            <select id="note-kind" className="form-select form-select-sm" value={kind} onChange={(e) => setKind(e.target.value)}>
              {KINDS.map((k) => <option key={k} value={k}>{t.desk.kinds[k]}</option>)}
            </select>
          </div>
          <div className="col-12 col-sm-6">
            <label htmlFor="note-date" className="form-label small fw-semibold mb-1">{t.desk.noteDate}</label>
            <input id="note-date" className="form-control form-control-sm" inputMode="numeric" placeholder="gg/mm/aaaa"
              value={date} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="col-12">
            <label htmlFor="note-text" className="form-label small fw-semibold mb-1">{t.desk.noteText}</label>
            <textarea id="note-text" className="form-control" rows={3} maxLength={4000} value={text}
              aria-invalid={problem === t.desk.noteEmpty} onChange={(e) => setText(e.target.value)} />
          </div>
        </div>
        {problem && <p className="small text-danger mt-1" role="alert" id="note-problem">{problem}</p>}
        <ErrorAlert error={error} />
        {saved && <p className="small text-success mt-1" role="status" id="note-saved">{t.desk.noteAdded}</p>}
        <button type="submit" id="note-add" className="btn btn-primary btn-sm mt-2">{t.desk.noteAdd}</button>
      </form>
      {notes.annotations.length === 0 && <p>{t.desk.noNotes}</p>}
      <ul className="list-unstyled" id="note-list">
        {notes.annotations.map((a, i) => (
          <li key={`${a.created_at}-${i}`} className="border-bottom py-2 note-item" data-pending={String(a.pending)}>
            <div className="small text-muted">
              <strong>{t.desk.kinds[a.kind] ?? a.kind}</strong>
              {a.occurred_on && ` · ${a.occurred_on}`} · {t.desk.by(a.author, italianDateTime(a.created_at))}
              {a.pending && <span className="badge bg-warning text-dark ms-2">{t.desk.pendingBadge}</span>}
            </div>
            <p className="mb-0 note-text" style={{ whiteSpace: 'pre-wrap' }}>{a.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Contacts({
  codiceFiscale,
  initial,
  onSaved,
}: {
  codiceFiscale: string;
  initial: ContactsForm;
  onSaved: (n: Notes) => void;
}) {
  const [form, setForm] = useState<ContactsForm>(initial);
  const [problems, setProblems] = useState<ErrorItem<ContactField>[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    backend.checkContacts(form).then((p) => current && setProblems(p), setError);
    return () => {
      current = false;
    };
  }, [form]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    if (problems.length > 0) return;
    try {
      const notes = await backend.editContacts({ codice_fiscale: codiceFiscale, contacts: form });
      onSaved(notes);
      setForm(notes.contacts);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  const field = (k: ContactField, label: string, type: string) => {
    const problem = problems.find((p) => p.code === k);
    return (
      <div className="mb-2">
        <label htmlFor={`contact-${k}`} className="form-label small fw-semibold mb-1">{label}</label>
        <input id={`contact-${k}`} type={type} className={`form-control form-control-sm ${problem ? 'is-invalid' : ''}`}
          value={form[k]} aria-invalid={Boolean(problem)} aria-describedby={problem ? `contact-${k}-problem` : undefined}
          onChange={(e) => {
            setSaved(false);
            setForm({ ...form, [k]: e.target.value });
          }} />
        {problem && <div className="invalid-feedback d-block" id={`contact-${k}-problem`}>{problem.message}</div>}
      </div>
    );
  };

  return (
    <section aria-labelledby="contacts-title" id="contacts">
      <h2 className="h5" id="contacts-title">{t.desk.contactsTitle}</h2>
      <form onSubmit={submit} noValidate>
        {field('phone', t.desk.phone, 'tel')}
        {field('mobile', t.desk.mobile, 'tel')}
        {field('email', t.desk.email, 'email')}
        <ErrorAlert error={error} />
        {saved && <p className="small text-success" role="status" id="contacts-saved">{t.desk.contactsSaved}</p>}
        <button type="submit" id="contacts-save" className="btn btn-primary btn-sm" disabled={problems.length > 0}>
          {t.desk.contactsSave}
        </button>
      </form>
    </section>
  );
}
