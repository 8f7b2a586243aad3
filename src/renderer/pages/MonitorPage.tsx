/** Step "monitor": job and per-drive state with their meanings, progress, copy logs; by staging location or by job name (helpdesk). */

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, ErrorNotice, Field, Notice } from '../components/ui';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { nextPollDelay, statusFingerprint } from '../../shared/rules/polling';
import { JobStatusCard } from './workflow/JobStatusCard';
import { useJobField } from '../store/currentJob';

export default function MonitorPage() {
  const { t } = useTranslation('workflow');
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
          <Field label={t('pages.common.staging')} hint={t('pages.common.stagingHint')} value={stagingDir} onChange={(e) => setStagingDir(e.target.value)} />
        </div>
      ) : (
        <div className="form-grid">
          <Field label={t('pages.monitor.jobName')} value={jobName} onChange={(e) => setJobName(e.target.value)} />
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
      {status.error && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
      {!status.error && answered === query && status.result?.jobs.map((j) => <JobStatusCard key={j.name} status={j} />)}
    </div>
  );
}
