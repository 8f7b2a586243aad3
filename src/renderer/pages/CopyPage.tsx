/** Step "copy": per-drive progress (phase, speed, ETA) and the verification result of every drive. */

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { ProgressPanel } from '../components/ProgressPanel';
import { Card, ErrorNotice, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useJob } from '../store/jobs';
import { useWizard } from '../store/wizard';
import { useDrives } from './drives/store';

export default function CopyPage() {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const { jobId, stagingDir } = useDrives();
  const job = useJob(jobId);
  const results = useRequest('drives.results');
  const outcome = job.end?.outcome;
  const run = results.run;
  useEffect(() => {
    if (stagingDir && (outcome || !jobId)) void run({ stagingDir });
    if (outcome) useWizard.getState().setStatus('copy', outcome === 'succeeded' ? 'done' : 'needsAttention');
  }, [outcome, stagingDir, jobId, run]);
  const drives = results.result?.drives ?? [];
  return (
    <div className="page-body">
      <StepIntro step="copy" />
      {!jobId && !stagingDir && <Notice tone="info">{t('pages.noCopyYet')}</Notice>}
      {job.progress && !outcome && <ProgressPanel progress={job.progress} label={job.progress.extra?.drive ? `${t(`pages.phase.${job.progress.phase === 'verifying' ? 'verifying' : 'copying'}`)} · ${job.progress.extra.drive}` : undefined} />}
      {outcome === 'succeeded' && <Notice tone="success">{t('cli.ready', { count: drives.length, staging: stagingDir })}</Notice>}
      {(outcome === 'failed' || outcome === 'cancelled') && <Notice tone="error" title={job.end?.error?.message}>{t('pages.notReady')}</Notice>}
      {results.error && <ErrorNotice error={results.error} onDismiss={results.clearError} />}
      {drives.length > 0 && (
        <Card title={t('pages.results')}>
          <table className="table">
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
                    <span className={`badge ${d.verified && d.keyChecked ? 'badge-success' : 'badge-error'}`}>
                      {d.verified && d.keyChecked ? t('pages.verified') : d.verified ? t('pages.keyFailed') : t('pages.verifyFailed')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.result?.remainingFiles ? <Notice tone="warning">{t('pages.remaining', { count: results.result.remainingFiles })}</Notice> : null}
        </Card>
      )}
    </div>
  );
}
