/** Step "monitor": job and per-drive state with their meanings, progress, copy logs; by staging location or by job name (helpdesk). */

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { jobStateNameKey } from '../../shared/rules/jobStates';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { nextPollDelay, statusFingerprint } from '../../shared/rules/polling';
import { JobStatusCard } from './workflow/JobStatusCard';
import { useJobField } from '../store/currentJob';
import { isPublicCloudName } from '../../shared/cloud';
import { EquivalentCommand } from './workflow/EquivalentCommand';
import type { JobStatus } from '../../shared/model/jobStatus';

/**
 * Local rehearsal only: the local datacenter receives the shipped drives, then its clock moves on — the two things a
 * real datacenter and real days do — each with the command line that does the same.
 */
function RehearsalDatacenter({
  stagingDir,
  jobs,
  onChange,
  receive,
  advance,
}: {
  stagingDir: string;
  jobs: JobStatus[];
  onChange: () => void;
  receive: ReturnType<typeof useRequest<'workflow.rehearsalReceive'>>;
  advance: ReturnType<typeof useRequest<'workflow.rehearsalAdvance'>>;
}) {
  const { t } = useTranslation(['workflow']);
  const f = useFormat();
  const shipping = jobs.some((j) => j.state === 'Shipping');
  const processing = jobs.some((j) => ['Received', 'Transferring', 'Packaging'].includes(j.state));
  const days = receive.result?.days ?? 1;
  if (!shipping && !processing && !receive.result && !advance.result) return null;
  return (
    <Card title={t('pages.monitor.rehearsalTitle')}>
      <p>{t('pages.monitor.rehearsalIntro')}</p>
      <div className="actions-row">
        <Button
          variant="primary"
          disabled={!shipping || receive.pending}
          onClick={() => void receive.run({ stagingDir }).then((r) => r && onChange())}
        >
          {receive.pending ? t('pages.monitor.simulating') : t('pages.monitor.simulate')}
        </Button>
        <Button disabled={!processing || advance.pending} onClick={() => void advance.run({ stagingDir, days }).then((r) => r && onChange())}>
          {t('pages.monitor.advance', { count: days })}
        </Button>
      </div>
      {receive.error && <ErrorNotice error={receive.error} onDismiss={receive.clearError} />}
      {advance.error && <ErrorNotice error={advance.error} onDismiss={advance.clearError} />}
      {receive.result?.receipts.map((r) => (
        <Notice key={r.jobName} tone={r.endsAs === 'Completed' ? 'success' : 'warning'}>
          {t('pages.monitor.received', {
            count: r.drives.length,
            job: r.jobName,
            endsAs: t(jobStateNameKey(r.endsAs)),
            date: f.dateTime(r.timeline.shippedBack),
          })}
        </Notice>
      ))}
      {receive.result && <EquivalentCommand commands={receive.result.commands} />}
      {advance.result && <Notice tone="info">{t('pages.monitor.advanced', { date: f.dateTime(advance.result.now) })}</Notice>}
      {advance.result && <EquivalentCommand commands={[advance.result.command]} />}
    </Card>
  );
}

/** Errors that say the typed staging location holds no session or no job. */
const stagingErrors = new Set(['staging:errors.noSession', 'workflow:errors.noJobs', 'workflow:errors.needStaging', 'agent:errors.notPrepared']);

export default function MonitorPage() {
  const { t } = useTranslation(['workflow']);
  const staging = useSession((s) => s.summary.stagingLocation);
  const chosenCloud = useSession((s) => s.summary.cloud);
  const [modeField, setMode] = useJobField('monitor.mode', staging ? 'staging' : 'name');
  const mode = modeField === 'name' ? 'name' : 'staging';
  const [jobName, setJobName] = useJobField('monitor.jobName', '');
  const [resourceGroup, setResourceGroup] = useJobField('monitor.resourceGroup', '');
  const [subscriptionId, setSubscriptionId] = useJobField('monitor.subscriptionId', '');
  // The location typed here is the one checked, whatever the Session panel holds.
  const [stagingDir, setStagingDir] = useJobField('monitor.stagingDir', staging ?? '');
  const [watching, setWatching] = useState(false);
  const [nextIn, setNextIn] = useState<number | null>(null);
  const status = useRequest('workflow.status');
  // Kept here, not in the rehearsal card, so what the datacenter did stays shown while the status is checked again.
  const receive = useRequest('workflow.rehearsalReceive');
  const advance = useRequest('workflow.rehearsalAdvance');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef<{ fp: string; delay: number | null }>({ fp: '', delay: null });

  const arg =
    mode === 'staging'
      ? { stagingDir: stagingDir.trim() }
      : {
          jobName: jobName.trim(),
          resourceGroup: resourceGroup.trim(),
          ...(subscriptionId.trim() ? { subscriptionId: subscriptionId.trim() } : {}),
          // A public cloud's name, or the local rehearsal's profile: the lookup by name works in either.
          ...(chosenCloud ? { cloud: chosenCloud } : {}),
        };
  // The results shown are those of exactly what the fields say now; anything older is hidden.
  const query = JSON.stringify(arg);
  const [answered, setAnswered] = useState<string | null>(null);

  const check = useCallback(async () => {
    useWizard.getState().setStatus('monitor', 'inProgress');
    setAnswered(null);
    const r = await status.run(arg);
    if (r) setAnswered(query);
    if (r) useWizard.getState().setStatus('monitor', r.jobs.every((j) => j.outcome === 'succeeded') ? 'done' : r.jobs.some((j) => j.outcome === 'failed' || j.outcome === 'cancelled') ? 'needsAttention' : 'inProgress');
    return r;
    // `arg` is rebuilt on every render; `query` is its identity
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, status]);

  useEffect(() => {
    if (!watching) return;
    let cancelled = false;
    const tick = async () => {
      const r = await check();
      if (cancelled) return;
      if (!r || r.jobs.every((j) => j.terminal)) {
        setWatching(false);
        setNextIn(null);
        return;
      }
      const fp = r.jobs.map(statusFingerprint).join('\n');
      const delay = nextPollDelay(last.current.delay, fp !== last.current.fp);
      last.current = { fp, delay };
      setNextIn(delay);
      timer.current = setTimeout(() => void tick(), delay);
    };
    void tick();
    return () => {
      cancelled = true;
      if (timer.current) clearTimeout(timer.current);
    };
    // check changes identity with each render of useRequest; watching is the only trigger wanted here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [watching]);

  const rehearsal = Boolean(chosenCloud) && !isPublicCloudName(chosenCloud);
  // An error about what a field says is shown on that field, which takes the focus; the others as a notice.
  const stagingField = useRef<HTMLInputElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const errorCode = status.error?.code ?? '';
  const fieldOf = stagingErrors.has(errorCode) ? 'staging' : errorCode === 'workflow:errors.jobNameNotFound' ? 'name' : null;
  useEffect(() => {
    if (fieldOf === 'staging') stagingField.current?.focus();
    if (fieldOf === 'name') nameField.current?.focus();
  }, [fieldOf, status.error]);
  const ready = mode === 'staging' ? Boolean(stagingDir.trim()) : Boolean(jobName.trim() && resourceGroup.trim());
  return (
    <div className="page-body">
      <StepIntro step="monitor" />
      <Notice tone="info">{t('status.readOnly')}</Notice>
      <fieldset className="mode-choice">
        <legend>{t('pages.monitor.lookup')}</legend>
        <label>
          <input type="radio" name="monitor-mode" checked={mode === 'staging'} onChange={() => setMode('staging')} /> {t('pages.monitor.byStaging')}
        </label>
        <label>
          <input type="radio" name="monitor-mode" checked={mode === 'name'} onChange={() => setMode('name')} /> {t('pages.monitor.byName')}
        </label>
      </fieldset>
      {mode === 'staging' ? (
        <div className="form-grid">
          <Field
            ref={stagingField}
            label={t('pages.common.staging')}
            hint={t('pages.common.stagingHint')}
            value={stagingDir}
            error={fieldOf === 'staging' ? status.error!.message : null}
            onChange={(e) => setStagingDir(e.target.value)}
          />
        </div>
      ) : (
        <div className="form-grid">
          <Field
            ref={nameField}
            label={t('pages.monitor.jobName')}
            value={jobName}
            error={fieldOf === 'name' ? status.error!.message : null}
            onChange={(e) => setJobName(e.target.value)}
          />
          <Field label={t('pages.monitor.resourceGroup')} value={resourceGroup} onChange={(e) => setResourceGroup(e.target.value)} />
          <Field label={t('pages.monitor.subscription')} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} />
        </div>
      )}
      <div className="actions-row">
        <Button variant="primary" disabled={!ready || status.pending} onClick={() => void check()}>
          {t('pages.monitor.check')}
        </Button>
        <Button variant="secondary" disabled={!ready} aria-pressed={watching} onClick={() => setWatching((w) => !w)}>
          {watching ? t('pages.monitor.stopWatch') : t('pages.monitor.watch')}
        </Button>
      </div>
      {watching && nextIn !== null && <p role="status">{t('pages.monitor.nextCheck', { seconds: Math.round(nextIn / 1000) })}</p>}
      {status.error && !fieldOf && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
      {!status.error && (answered === query || status.pending) && mode === 'staging' && rehearsal && status.result && (
        <RehearsalDatacenter stagingDir={stagingDir.trim()} jobs={status.result.jobs} onChange={() => void check()} receive={receive} advance={advance} />
      )}
      {!status.error && answered === query && status.result?.jobs.map((j) => <JobStatusCard key={j.name} status={j} />)}
    </div>
  );
}
