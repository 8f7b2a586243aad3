/** One import job's status: state and meaning, progress bar, deadline, drives with their meanings, copy logs per blob. */

import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../shared/model/jobStatus';
import { blobLogStatusMeaningKey, driveLogStatusMeaningKey, driveStateMeaningKey, jobStateMeaningKey } from '../../../shared/rules/jobStates';
import { Card } from '../../components/ui';
import { useFormat } from '../../hooks';
import { DeadlineNotice } from './DeadlineNotice';
import { AddressBlock } from './AddressBlock';

const badge = (outcome: JobStatus['outcome']) => (outcome === 'succeeded' ? 'badge-success' : outcome === 'failed' || outcome === 'cancelled' ? 'badge-error' : 'badge-warning');

export function JobStatusCard({ status }: { status: JobStatus }) {
  const { t } = useTranslation(['workflow']);
  const f = useFormat();
  return (
    <Card title={status.name}>
      <p>
        <span className={`badge ${badge(status.outcome)}`} data-testid="job-state">
          {status.state}
        </span>{' '}
        {/* A cancelled job shows Completed in Azure: it says it was cancelled, not imported. */}
        <span data-testid="job-meaning">{status.outcome === 'cancelled' ? t('status.cancelled') : t(jobStateMeaningKey(status.state))}</span>
      </p>
      <div className="progress-track" role="progressbar" aria-label={t('pages.monitor.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={status.percentComplete}>
        <div className="progress-fill" style={{ width: `${status.percentComplete}%` }} />
      </div>
      <p>{t('status.progress', { percent: f.percent(status.percentComplete / 100), bytes: f.bytes(status.bytesSucceeded) })}</p>
      <DeadlineNotice deadline={status.deadline} />
      {status.trackingNumber && <p>{t('status.shipped', { carrier: status.carrierName ?? '', tracking: status.trackingNumber })}</p>}
      {status.returnTrackingNumber && <p>{t('status.returned', { tracking: status.returnTrackingNumber })}</p>}
      {status.state === 'Creating' && <AddressBlock heading={t('status.shipTo')} address={status.shipTo} carriers={status.supportedCarriers} />}
      <table className="table">
        <caption>{t('pages.importJob.drives')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.monitor.drive')}</th>
            <th scope="col">{t('pages.monitor.state')}</th>
            <th scope="col">{t('pages.monitor.meaning')}</th>
            <th scope="col">{t('pages.monitor.copy')}</th>
            <th scope="col">{t('pages.monitor.imported')}</th>
          </tr>
        </thead>
        <tbody>
          {status.drives.map((d) => (
            <tr key={d.driveId}>
              <td className="mono">{d.driveId}</td>
              <td>{d.state}</td>
              <td>{t(driveStateMeaningKey(d.state))}</td>
              <td>{d.copyStatus ? `${d.copyStatus}, ${f.percent(d.percentComplete / 100)}` : '—'}</td>
              <td>{f.bytes(d.bytesSucceeded)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.drives
        .filter((d) => d.log)
        .map((d) => (
          <details key={`log-${d.driveId}`} open={d.log!.status !== 'Completed'}>
            <summary>
              {t('status.log', { drive: d.driveId, status: d.log!.status, meaning: t(driveLogStatusMeaningKey(d.log!.status)) })}
            </summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('pages.monitor.blob')}</th>
                  <th scope="col">{t('pages.monitor.blobStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {d.log!.blobs.map((b) => (
                  <tr key={b.blobPath}>
                    <td className="mono">{b.blobPath}</td>
                    <td>
                      {b.status} — {t(blobLogStatusMeaningKey(b.status))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
    </Card>
  );
}
