import { useEffect, useState } from 'react';
import { backend } from '../backend';
import { DocumentForm } from './DocumentForm';
import { joinPath } from './ExportPanel';
import { t } from '../i18n';

type Kind = 'sap' | 'sap-xml' | 'cv' | 'libretto';

/** The candidate's documents: "Stampa SAP", "Esporta SAP XML", "CV in PDF" (with the
 * personal data to include, or anonymous), the "Libretto formativo". */
export function SheetDocuments({ codiceFiscale }: { codiceFiscale: string }) {
  const [kind, setKind] = useState<Kind | null>(null);
  // undefined until the settings are read, so a form never starts without its folder.
  const [exportDir, setExportDir] = useState<string | null | undefined>(undefined);
  const [cv, setCv] = useState({ anonymous: false, birth_date: true, include_codice_fiscale: true, contacts: true, address: true });

  useEffect(() => {
    // The default folder is a convenience: without it the operator types or browses.
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
  }, []);

  const button = (k: Kind, label: string) => (
    <button type="button" id={`doc-${k}`} className={`btn btn-sm ${kind === k ? 'btn-primary' : 'btn-outline-primary'}`}
      aria-pressed={kind === k} onClick={() => setKind(k)}>
      {label}
    </button>
  );
  const cvOption = (key: 'birth_date' | 'include_codice_fiscale' | 'contacts' | 'address', label: string) => (
    <div className="form-check" key={key}>
      <input className="form-check-input" type="checkbox" id={`cv-${key}`} checked={cv[key] && !cv.anonymous}
        disabled={cv.anonymous} onChange={(e) => setCv({ ...cv, [key]: e.target.checked })} />
      <label className="form-check-label small" htmlFor={`cv-${key}`}>{label}</label>
    </div>
  );
  const close = () => setKind(null);
  if (exportDir === undefined) return null;

  return (
    <div className="sheet-documents mb-3" id="sheet-documents">
      <div className="d-flex flex-wrap gap-2" role="group" aria-label={t.documents.title}>
        {button('sap', t.documents.sap)}
        {button('sap-xml', t.documents.sapXml)}
        {button('cv', t.documents.cv)}
        {button('libretto', t.documents.libretto)}
      </div>
      {kind === 'libretto' && (
        <DocumentForm key="libretto" id="doc-form" title={t.documents.libretto} extension="pdf" filterName={t.documents.pdfFilter}
          defaultPath={joinPath(exportDir, t.documents.librettoName(codiceFiscale))} onClose={close}
          onCreate={(path, overwrite) => backend.printLibretto({ codice_fiscale: codiceFiscale, path, overwrite })} />
      )}
      {kind === 'sap' && (
        <DocumentForm key="sap" id="doc-form" title={t.documents.sap} extension="pdf" filterName={t.documents.pdfFilter}
          defaultPath={joinPath(exportDir, t.documents.sapName(codiceFiscale))} onClose={close}
          onCreate={(path, overwrite) => backend.printSap({ codice_fiscale: codiceFiscale, path, overwrite })} />
      )}
      {kind === 'sap-xml' && (
        <DocumentForm key="sap-xml" id="doc-form" title={t.documents.sapXml} extension="xml" filterName={t.documents.xmlFilter}
          defaultPath={joinPath(exportDir, t.documents.sapXmlName(codiceFiscale))} onClose={close}
          onCreate={(path, overwrite) => backend.exportSapXml({ codice_fiscale: codiceFiscale, path, overwrite })} />
      )}
      {kind === 'cv' && (
        <DocumentForm key={cv.anonymous ? 'cv-anonimo' : 'cv'} id="doc-form" title={t.documents.cv} extension="pdf"
          filterName={t.documents.pdfFilter} onClose={close}
          defaultPath={joinPath(exportDir, cv.anonymous ? t.documents.cvAnonymousName : t.documents.cvName(codiceFiscale))}
          onCreate={(path, overwrite) => backend.printCv({ codice_fiscale: codiceFiscale, path, overwrite, ...cv })}>
          <div className="form-check mb-2">
            <input className="form-check-input" type="checkbox" id="cv-anonymous" checked={cv.anonymous}
              onChange={(e) => setCv({ ...cv, anonymous: e.target.checked })} />
            <label className="form-check-label small" htmlFor="cv-anonymous">{t.documents.cvAnonymous}</label>
          </div>
          <fieldset disabled={cv.anonymous}>
            <legend className="form-label small fw-semibold">{t.documents.cvInclude}</legend>
            {cvOption('birth_date', t.documents.cvBirthDate)}
            {cvOption('include_codice_fiscale', t.documents.cvCodiceFiscale)}
            {cvOption('contacts', t.documents.cvContacts)}
            {cvOption('address', t.documents.cvAddress)}
          </fieldset>
        </DocumentForm>
      )}
    </div>
  );
}
