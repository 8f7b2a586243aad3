/**
 * One import job's status: its state in the user's language (the API's name in a tooltip), the timeline of its states
 * with the time spent in each, progress only once data moves, failures in red with the next step, the drives, and
 * the copy logs that exist.
 */

import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../shared/model/jobStatus';
import {
  blobLogStatusMeaningKey,
  driveLogStatusMeaningKey,
  driveStateMeaningKey,
  driveStateNameKey,
  isDriveProblem,
  jobStateLine,
  jobStateMeaningKey,
  jobStateNameKey,
  parseJobState,
} from '../../../shared/rules/jobStates';
import { Card, Notice } from '../../components/ui';
import { useFormat } from '../../hooks';
import { DeadlineNotice } from './DeadlineNotice';
import { AddressBlock } from './AddressBlock';

const badge = (outcome: JobStatus['outcome']) => (outcome === 'succeeded' ? 'badge-success' : outcome === 'failed' || outcome === 'cancelled' ? 'badge-error' : 'badge-warning');

/** Creating → Shipping → Received → Transferring → Packaging → Completed/Closed, each with when it began and how long it lasted. */
function Timeline({ status }: { status: JobStatus }) {
  const { t } = useTranslation(['workflow']);
  const f = useFormat();
  const history = status.history ?? [{ state: status.state }];
  const current = status.state;
  const ended = parseJobState(current);
  const last = jobStateLine[jobStateLine.length - 1]!;
  // The last stop of the line is the job's own end when it has one (Closed, Faulted, Canceled), else Completed.
  const line: string[] = [...jobStateLine.slice(0, -1), ended && !(jobStateLine as readonly string[]).includes(ended) ? ended : last];
  const seen = new Map(history.map((h, i) => [h.state, { since: h.since, next: history[i + 1]?.since }]));
  const reached = (s: string) => seen.has(s);
  const failed = status.outcome === 'failed' || status.outcome === 'cancelled';
  return (
    <section className="timeline-block" aria-label={t('pages.monitor.timeline')}>
      <h3 className="timeline-title">{t('pages.monitor.timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {line.map((s) => {
          const h = seen.get(s);
          const isCurrent = s === current;
          const state = isCurrent ? (failed ? 'failed' : status.terminal ? 'done' : 'current') : reached(s) ? 'done' : 'todo';
          const end = isCurrent ? status.checkedAt : h?.next;
          const spent = h?.since && end ? (Date.parse(end) - Date.parse(h.since)) / 1000 : null;
          return (
            <li key={s} className={`timeline-step timeline-${state}`} aria-current={isCurrent ? 'step' : undefined}>
              <span className="timeline-dot" aria-hidden="true" />
              <span className="timeline-name" title={s}>
                {t(jobStateNameKey(s))}
              </span>
              <span className="timeline-when">
                {!reached(s) && !isCurrent
                  ? t('pages.monitor.notYet')
                  : h?.since
                    ? `${t('pages.monitor.since', { date: f.dateTime(h.since) })}${spent !== null && !(isCurrent && status.terminal) ? ` · ${t('pages.monitor.spent', { duration: f.duration(spent) })}` : ''}`
                    : t('pages.monitor.passedUnseen')}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="field-hint">{t('pages.monitor.timelineNote')}</p>
    </section>
  );
}

/** The next step after a failure, or null. */
function nextStepKey(status: JobStatus) {
  if (status.outcome === 'cancelled') return 'nextSteps.cancelled' as const;
  const s = parseJobState(status.state);
  if (s === 'Closed') return 'nextSteps.Closed' as const;
  if (s === 'Faulted') return 'nextSteps.Faulted' as const;
  if (status.drives.some((d) => d.state === 'NeverReceived')) return 'nextSteps.neverReceived' as const;
  if (status.deadline?.status === 'passed' && s === 'Creating') return 'nextSteps.deadlinePassed' as const;
  return null;
}

export function JobStatusCard({ status }: { status: JobStatus }) {
  const { t } = useTranslation(['workflow']);
  const f = useFormat();
  const state = parseJobState(status.state);
  const next = nextStepKey(status);
  // Progress means something once data moves: a job that ended without importing anything says so instead.
  const moving = state === 'Transferring' || state === 'Packaging' || status.bytesSucceeded > 0;
  const endedEmpty = status.terminal && status.bytesSucceeded === 0;
  const logs = status.drives.filter((d) => d.log);
  return (
    <Card title={status.name}>
      <p>
        <span className={`badge ${badge(status.outcome)}`} data-testid="job-state" title={status.state}>
          {t(jobStateNameKey(status.state))}
        </span>{' '}
        {/* A cancelled job shows Completed in Azure: it says it was cancelled, not imported. */}
        <span data-testid="job-meaning">{status.outcome === 'cancelled' ? t('status.cancelled') : t(jobStateMeaningKey(status.state))}</span>
      </p>
      {next && <Notice tone="error" title={t(next)} />}
      <Timeline status={status} />
      {moving && !endedEmpty && (
        <>
          <div className="progress-track" role="progressbar" aria-label={t('pages.monitor.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={status.percentComplete}>
            <div className="progress-fill" style={{ width: `${status.percentComplete}%` }} />
          </div>
          <p>{t('status.progress', { percent: f.percent(status.percentComplete / 100), bytes: f.bytes(status.bytesSucceeded) })}</p>
        </>
      )}
      {endedEmpty && status.outcome !== 'cancelled' && <p className="text-danger">{t('pages.monitor.nothingImported')}</p>}
      <DeadlineNotice deadline={status.terminal ? null : status.deadline} />
      {status.trackingNumber && <p>{t('status.shipped', { carrier: status.carrierName ?? '', tracking: status.trackingNumber })}</p>}
      {status.returnTrackingNumber && <p>{t('status.returned', { tracking: status.returnTrackingNumber })}</p>}
      {status.state === 'Creating' && <AddressBlock heading={t('status.shipTo')} address={status.shipTo} carriers={status.supportedCarriers} />}
      <div className="table-scroll">
        <table className="table">
          <caption>{t('pages.importJob.drives')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.monitor.drive')}</th>
              <th scope="col">{t('pages.monitor.state')}</th>
              <th scope="col">{t('pages.monitor.meaning')}</th>
              <th scope="col">{t('pages.monitor.imported')}</th>
            </tr>
          </thead>
          <tbody>
            {status.drives.map((d) => (
              <tr key={d.driveId} className={isDriveProblem(d.state, d.copyStatus) ? 'row-problem' : undefined}>
                <td className="mono">{d.driveId}</td>
                <td title={d.state}>{t(driveStateNameKey(d.state))}</td>
                <td>{t(driveStateMeaningKey(d.state))}</td>
                <td>{d.bytesSucceeded > 0 || d.state === 'Transferring' ? `${f.bytes(d.bytesSucceeded)} (${f.percent(d.percentComplete / 100)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {logs.map((d) => (
        <details key={`log-${d.driveId}`} open={d.log!.status !== 'Completed'}>
          <summary title={d.log!.status}>{t('pages.monitor.logOf', { drive: d.driveId, meaning: t(driveLogStatusMeaningKey(d.log!.status)) })}</summary>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('pages.monitor.blob')}</th>
                  <th scope="col">{t('pages.monitor.blobStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {d.log!.blobs.map((b) => (
                  <tr key={b.blobPath} className={b.status !== 'Completed' ? 'row-problem' : undefined}>
                    <td className="mono">{b.blobPath}</td>
                    <td title={b.status}>{t(blobLogStatusMeaningKey(b.status))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </Card>
  );
}
