import { useEffect, useRef, useState } from 'react';
import { CampaignDto, CheckReport, FdUploadDone, fdBackend } from '../../backend';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { CheckTotals } from './Controllo';

/** Step 4: upload the checked working copy; the upload id and its receipt. */
export function Caricamento({
  anno,
  check,
  campaign,
  onCheck,
  onUploaded,
  onOutcome,
}: {
  anno: number | null;
  /** The last check of the working copy, if it is still current. */
  check: CheckReport | null;
  campaign: CampaignDto | null;
  onCheck: () => void;
  onUploaded: (uploadId: string) => void;
  onOutcome: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<FdUploadDone | null>(null);
  const [error, setError] = useState<unknown>(null);
  const result = useRef<HTMLDivElement>(null);

  // The upload id and the receipt are what the operator came for: bring them in view.
  useEffect(() => {
    if (done) result.current?.scrollIntoView?.({ block: 'nearest' });
  }, [done]);

  if (anno === null) return <p id="fd-no-participants">{t.fd.noParticipants}</p>;
  const errors = check ? check.rows_with_errors > 0 || check.refused !== null : true;

  async function upload() {
    setBusy(true);
    setError(null);
    try {
      const r = await fdBackend.upload(anno!);
      setDone(r);
      onUploaded(r.upload.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section id="fd-caricamento" aria-labelledby="fd-upload-title">
      <h2 className="h5" id="fd-upload-title">{t.fd.upload.title}</h2>
      <p>{t.fd.upload.intro(anno)}</p>
      {campaign?.avviso && <div className="alert alert-warning py-2" role="status">{campaign.avviso}</div>}
      {check ? (
        <CheckTotals report={check} />
      ) : (
        <p className="d-flex align-items-center gap-3" id="fd-upload-need-check">
          {t.fd.upload.needCheck}
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={onCheck}>{t.fd.check.run}</button>
        </p>
      )}
      {check && errors && (
        <p className="text-danger fw-semibold">{t.fd.check.blocked(Math.max(check.rows_with_errors, 1))}</p>
      )}
      <button type="button" className="btn btn-primary" id="fd-upload" disabled={busy || errors || done !== null}
        onClick={() => void upload()}>
        {busy ? t.fd.upload.sending : t.fd.upload.submit}
      </button>
      <ErrorAlert error={error} />
      {done && (
        <div ref={result} className={`alert ${done.sent ? 'alert-success' : 'alert-warning'} mt-3`} role="status" id="fd-upload-done"
          data-sent={done.sent ? 'yes' : 'no'} data-upload={done.upload.id} data-server-id={done.upload.server_id ?? ''}
          data-receipt={done.receipt_file ?? ''}>
          <h3 className="h6">{done.sent ? t.fd.upload.sent : t.fd.upload.queued}</h3>
          <dl className="row mb-2 small">
            {done.upload.server_id && (
              <>
                <dt className="col-sm-4">{t.fd.upload.id}</dt>
                <dd className="col-sm-8" id="fd-upload-id">{done.upload.server_id}</dd>
              </>
            )}
            <dt className="col-sm-4">{t.fd.upload.localId}</dt>
            <dd className="col-sm-8">{done.upload.id}</dd>
            {done.receipt_number && (
              <>
                <dt className="col-sm-4">{t.fd.upload.receipt}</dt>
                <dd className="col-sm-8" id="fd-receipt-number">{done.receipt_number}</dd>
              </>
            )}
            {done.receipt_file && (
              <>
                <dt className="col-sm-4">{t.fd.upload.receiptFile}</dt>
                <dd className="col-sm-8 text-break">{done.receipt_file}</dd>
              </>
            )}
          </dl>
          <div className="d-flex gap-2">
            {done.receipt_file && (
              <button type="button" className="btn btn-success btn-sm" id="fd-open-receipt"
                onClick={() => fdBackend.openReceipt().catch(setError)}>
                {t.fd.upload.openReceipt}
              </button>
            )}
            <button type="button" className="btn btn-outline-success btn-sm" id="fd-go-outcome" onClick={onOutcome}>
              {t.fd.upload.goOutcome} →
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
