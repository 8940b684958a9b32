import { FormEvent, useState } from 'react';
import { backend, Settings, dialogs } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

export function SettingsScreen({ value, onSaved }: { value: Settings; onSaved: (s: Settings) => void }) {
  const [s, setS] = useState<Settings>(value);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await backend.saveSettings(s);
      setSaved(true);
      onSaved(s);
    } catch (err) {
      setError(err);
    }
  }

  async function chooseFolder() {
    const dir = await dialogs.open({ directory: true, defaultPath: s.export_dir ?? undefined });
    if (typeof dir === 'string') setS({ ...s, export_dir: dir });
  }

  async function chooseCa() {
    const file = await dialogs.open({ filters: [{ name: 'PEM', extensions: ['pem', 'crt', 'cer'] }] });
    if (typeof file === 'string') setS({ ...s, ca_certificate: file });
  }

  return (
    <main className="container my-4" style={{ maxWidth: '48rem' }} id="settings">
      <h1>{t.settings.title}</h1>
      <ErrorAlert error={error} />
      {saved && <div className="alert alert-success" role="status">{t.settings.saved}</div>}
      <form onSubmit={submit}>
        <div className="form-group mb-4">
          <label htmlFor="settings-server" className="active">{t.settings.server}</label>
          <input id="settings-server" className="form-control" value={s.server_url}
            onChange={(e) => setS({ ...s, server_url: e.target.value })} />
        </div>
        <label htmlFor="settings-ca" className="form-label">{t.settings.caCertificate}</label>
        <div className="d-flex gap-2 mb-4">
          <input id="settings-ca" className="form-control" value={s.ca_certificate ?? ''}
            onChange={(e) => setS({ ...s, ca_certificate: e.target.value.trim() ? e.target.value : null })} />
          <button type="button" className="btn btn-outline-primary" onClick={chooseCa}>{t.settings.choose}</button>
        </div>
        <label htmlFor="settings-export-dir" className="form-label">{t.settings.exportDir}</label>
        <div className="d-flex gap-2 mb-4">
          <input id="settings-export-dir" className="form-control" value={s.export_dir ?? ''}
            onChange={(e) => setS({ ...s, export_dir: e.target.value.trim() ? e.target.value : null })} />
          <button type="button" className="btn btn-outline-primary" onClick={chooseFolder}>{t.settings.choose}</button>
        </div>
        <div className="form-group mb-4">
          <label htmlFor="settings-autolock" className="active">{t.settings.autoLock}</label>
          <input id="settings-autolock" type="number" min={1} max={240} className="form-control" value={s.auto_lock_minutes}
            onChange={(e) => setS({ ...s, auto_lock_minutes: Number(e.target.value) || 0 })} />
        </div>
        <button type="submit" className="btn btn-primary" id="settings-save">{t.common.save}</button>
      </form>
    </main>
  );
}
