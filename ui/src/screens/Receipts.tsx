import { useEffect, useState } from 'react';
import { backend, ReceiptDto } from '../backend';
import { DocumentForm } from '../components/DocumentForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { joinPath } from '../components/ExportPanel';
import { t } from '../i18n';

/** Day and time of an RFC 3339 instant, on the operator's clock. */
export function italianDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "Ricevute": what was submitted, newest first, each printable again. */
export function Receipts({ exportDir }: { exportDir: string | null }) {
  const tr = t.documents.receipts;
  const [receipts, setReceipts] = useState<ReceiptDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reprint, setReprint] = useState<string | null>(null);

  useEffect(() => {
    backend.receipts().then(setReceipts, setError);
  }, []);

  return (
    <main className="container-fluid my-3" id="receipts">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{tr.intro}</p>
      <ErrorAlert error={error} />
      {!receipts && !error && <p>{t.common.loading}</p>}
      {receipts && receipts.length === 0 && <p id="receipts-none">{tr.none}</p>}
      {reprint && (
        <DocumentForm key={reprint} id="receipt-form" title={tr.reprintOf(reprint)} extension="pdf"
          filterName={t.documents.pdfFilter} defaultPath={joinPath(exportDir, tr.fileName(reprint))}
          onClose={() => setReprint(null)}
          onCreate={(path, overwrite) => backend.printReceipt({ number: reprint, path, overwrite })} />
      )}
      {receipts && receipts.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm align-middle" id="receipts-table" data-count={receipts.length}>
            <caption className="caption-top">{tr.count(receipts.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{tr.number}</th>
                <th scope="col">{tr.issuedAt}</th>
                <th scope="col">{tr.kind}</th>
                <th scope="col">{tr.subject}</th>
                <th scope="col">{tr.file}</th>
                <th scope="col">{tr.acknowledgement}</th>
                <th scope="col">{tr.operator}</th>
                <th scope="col"><span className="visually-hidden">{tr.actions}</span></th>
              </tr>
            </thead>
            <tbody>
              {receipts.map((r) => (
                <tr key={r.number} data-number={r.number}>
                  <td className="text-nowrap">{r.number}</td>
                  <td className="text-nowrap">{italianDateTime(r.issued_at)}</td>
                  <td>{tr.kinds[r.kind] ?? r.kind}</td>
                  <td>{r.title}</td>
                  <td>
                    {r.file ? (
                      <>
                        {r.file.name}
                        <br />
                        <span className="small text-muted font-monospace" title={`SHA-256 ${r.file.sha256}`}>
                          SHA-256 {r.file.sha256.slice(0, 16)}…
                        </span>
                      </>
                    ) : tr.missing}
                  </td>
                  <td>{r.acknowledgement ?? tr.missing}</td>
                  <td>{r.operator}</td>
                  <td>
                    <button type="button" className="btn btn-outline-primary btn-sm receipt-reprint"
                      aria-label={`${tr.reprint} ${r.number}`} onClick={() => setReprint(r.number)}>
                      {tr.reprint}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
