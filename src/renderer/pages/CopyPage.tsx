/**
 * Step "copy": each drive's progress in place (formatting, encrypting, copying, verifying, with speed and time left),
 * the verification of every drive, then "Label and remove the drives" with the ID to write on each, and on to the
 * import job.
 */

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Check, Copy } from 'lucide-react';
import { StepIntro } from '../components/StepIntro';
import { ProgressPanel } from '../components/ProgressPanel';
import { Button, Card, CopyButton, ErrorNotice, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useKeptJob } from '../store/jobs';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { useJobField } from '../store/currentJob';
import { driveCheck, type DriveCheck } from '../../shared/session/drives';
import { readChosen, type ChosenDrive } from './drives/chosen';
import { useDriveRows, type DriveRow } from './drives/store';
import { cardState } from './drives/driveProgress';
import './drives/drives.css';

export default function CopyPage() {
  const { t } = useTranslation('drives');
  const { t: tApp } = useTranslation('app');
  const f = useFormat();
  const [jobId] = useJobField('copy.jobId', '');
  const [stagingDir] = useJobField('copy.stagingDir', '');
  const [driveTexts] = useJobField<string[]>('copy.drives', []);
  const [labelled, setLabelled] = useJobField('copy.labelled', false);
  const chosen = readChosen(driveTexts);
  const job = useKeptJob(jobId || null);
  const progress = useDriveRows(jobId || null);
  const results = useRequest('drives.results');
  const cancel = useRequest('jobs.cancel');
  const outcome = job.end?.outcome;
  const run = results.run;
  // The recorded drives once the job ends, or at once when it ended while nobody looked.
  useEffect(() => {
    if (stagingDir && (outcome || job.gone)) void run({ stagingDir });
    if (outcome) useWizard.getState().setStatus('copy', outcome === 'succeeded' ? 'done' : 'needsAttention');
  }, [outcome, job.gone, stagingDir, run]);
  const drives = results.result?.drives ?? [];
  // The Session panel counts the drives once they are recorded.
  const recorded = results.result?.drives.length;
  useEffect(() => {
    if (recorded) useSession.getState().update({ driveCount: recorded });
  }, [recorded]);
  // Each recorded drive's check, by its drive ID and as chosen, for the cards of the drives this job copied.
  const checks = new Map<string, DriveCheck>(drives.flatMap((r) => [[r.driveId, driveCheck(r)] as const, [r.drive, driveCheck(r)] as const]));
  const allGood = drives.length > 0 && drives.every((d) => driveCheck(d) === 'verified') && !results.result?.remainingFiles;
  const finished = outcome === 'succeeded' || (job.gone && allGood);
  const running = !!jobId && !outcome && !job.gone;
  // The drives' own records have been read (or could not be: the error says so and the cards fall back on the job's word).
  const resultsRead = results.result !== null || results.error !== null;

  return (
    <div className="page-body">
      <StepIntro step="copy" />
      {!jobId && <Notice tone="info">{t('pages.noCopyYet')}</Notice>}
      {running && progress.other && <ProgressPanel progress={progress.other} />}
      {chosen.length > 0 && (running || outcome) && (
        <Card
          title={t('flow.progressTitle')}
          actions={
            running ? (
              <Button variant="secondary" disabled={cancel.pending} onClick={() => void cancel.run({ jobId })}>
                {tApp('actions.cancel')}
              </Button>
            ) : undefined
          }
        >
          <div className="drive-rows">
            {chosen.map((d) => (
              <DriveProgress key={d.id} drive={d} row={progress.rows[d.serial] ?? progress.rows[d.id]} ended={outcome} check={checks.get(d.serial) ?? checks.get(d.id)} resultsRead={resultsRead} jobId={jobId} />
            ))}
          </div>
        </Card>
      )}
      {outcome === 'succeeded' && <Notice tone="success">{t('cli.ready', { count: drives.length, staging: stagingDir })}</Notice>}
      {(outcome === 'failed' || outcome === 'cancelled') && (
        <Notice tone="error" title={job.end?.error?.message}>
          {t('pages.notReady')}
        </Notice>
      )}
      {results.error && <ErrorNotice error={results.error} onDismiss={results.clearError} />}
      {cancel.error && <ErrorNotice error={cancel.error} onDismiss={cancel.clearError} />}
      {drives.length > 0 && (
        <Card title={t('pages.results')}>
          <table className="table drive-table">
            <thead>
              <tr>
                <th scope="col">{t('pages.drive')}</th>
                <th scope="col">{t('pages.driveId')}</th>
                <th scope="col">{t('pages.files')}</th>
                <th scope="col">{t('pages.size')}</th>
                <th scope="col">{t('pages.verification')}</th>
              </tr>
            </thead>
            <tbody>
              {drives.map((d) => (
                <tr key={d.driveId}>
                  <td className="mono">{d.drive}</td>
                  <td className="mono">{d.driveId}</td>
                  <td>{f.number(d.files)}</td>
                  <td>{f.bytes(d.bytes)}</td>
                  <td>
                    <span className={`badge ${driveCheck(d) === 'verified' ? 'badge-success' : 'badge-error'}`}>{t(checkLabel[driveCheck(d)])}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.result?.remainingFiles ? <Notice tone="warning">{t('pages.remaining', { count: results.result.remainingFiles })}</Notice> : null}
        </Card>
      )}
      {finished && allGood && (
        <Card title={t('flow.labelTitle')}>
          <p>{t('flow.labelText')}</p>
          <ul className="label-list">
            {drives.map((d) => (
              <li key={d.driveId}>
                <span>
                  <span className="mono">{d.drive}</span> · {d.model}
                </span>
                <span>
                  {t('flow.writeOn')}: <span className="label-id">{d.driveId}</span>
                </span>
                <CopyButton
                  text={() => d.driveId}
                  label={
                    <>
                      <Copy size={16} aria-hidden /> {t('flow.copyId')}
                    </>
                  }
                  copiedLabel={
                    <>
                      <Check size={16} aria-hidden /> {t('flow.copied')}
                    </>
                  }
                />
              </li>
            ))}
          </ul>
          <label className="check">
            <input type="checkbox" checked={labelled} onChange={(e) => setLabelled(e.target.checked)} /> {t('flow.labelled')}
          </label>
          <div className="actions-row">
            <Button variant="primary" disabled={!labelled} onClick={() => useWizard.getState().goTo('importJob')}>
              {t('flow.next')}
            </Button>
          </div>
        </Card>
      )}
    </div>
  );
}

/** The Verification column's words for each outcome of checking a drive. */
const checkLabel = {
  verified: 'pages.verified',
  keyFailed: 'pages.keyFailed',
  differs: 'pages.verifyFailed',
  notVerified: 'pages.notVerified',
} as const satisfies Record<DriveCheck, string>;

/** One drive's row: its phase, its own bar (against what the plan puts on it), speed and time left. */
function DriveProgress({
  drive,
  row,
  ended,
  check,
  resultsRead,
  jobId,
}: {
  drive: ChosenDrive;
  row: DriveRow | undefined;
  ended: string | undefined;
  check: DriveCheck | undefined;
  resultsRead: boolean;
  jobId: string;
}) {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const phase = cardState(row?.phase, ended, check, resultsRead);
  const total = drive.planned ?? 0;
  const active = phase === 'copying' || phase === 'verifying';
  const failedCheck = phase === 'differs' || phase === 'notVerified' || phase === 'keyFailed';
  const fraction = phase === 'done' || phase === 'checking' || failedCheck ? 1 : active && total > 0 ? Math.min(1, (row?.done ?? 0) / total) : 0;
  const words = failedCheck ? t(checkLabel[phase]) : t(`flow.phases.${phase}`);
  const label = `${drive.id} · ${words}`;
  const eta = active && total > 0 && row && row.bytesPerSecond > 0 ? Math.max(0, (total - row.done) / row.bytesPerSecond) : null;
  return (
    <div className="drive-row" data-job={jobId}>
      <div className="drive-row-head">
        <strong className="mono">{drive.id}</strong>
        <span>
          {drive.model} · {f.bytes(drive.sizeBytes)}
        </span>
        <span className={`badge ${phase === 'done' ? 'badge-success' : phase === 'stopped' || failedCheck ? 'badge-error' : ''}`}>{words}</span>
      </div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      {active && row && (
        <div className="progress-stats">
          <span>{total > 0 ? t('flow.stats', { done: f.bytes(row.done), total: f.bytes(total), speed: f.speed(row.bytesPerSecond), eta: f.duration(eta) }) : `${f.bytes(row.done)} · ${f.speed(row.bytesPerSecond)}`}</span>
        </div>
      )}
    </div>
  );
}
