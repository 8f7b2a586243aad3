/**
 * Step "staging": first the choice between the staging location the backup agent wrote (shipped as it is,
 * staging/AgentStaging.tsx) and folders Offline Seed stages itself; for the latter, the inputs (checked as Azure
 * checks them), publish settings, and the staging job with its progress.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useKeptJob } from '../store/jobs';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { StagingProgress } from './staging/StagingProgress';
import { AgentStaging } from './staging/AgentStaging';
import { useJobField } from '../store/currentJob';
import { FolderField } from '../components/FolderField';
import { PublishSettings } from './staging/PublishSettings';
import { StagingProblems } from './staging/StagingProblems';

export default function StagingPage() {
  const { t } = useTranslation(['staging', 'app', 'agent']);
  // Offline Seed's own staging until the operator picks the agent's: the choice is the first thing on the page.
  const kind = useSession((s) => s.summary.stagingKind) ?? 'offlineSeed';
  const f = useFormat();
  const summary = useSession((s) => s.summary);
  const [stagingDir, setStagingDir] = useJobField('staging.stagingDir', summary.stagingLocation ?? '');
  const [sources, setSources] = useJobField('staging.sources', '');
  const [publishFile, setPublishFile] = useJobField('staging.publishFile', '');
  const [subscriptionId, setSubscriptionId] = useJobField('staging.subscriptionId', summary.subscriptionId ?? '');
  const [resourceGroup, setResourceGroup] = useJobField('staging.resourceGroup', summary.resourceGroup ?? '');
  const [storageAccount, setStorageAccount] = useJobField('staging.storageAccount', summary.storageAccount ?? '');
  const [container, setContainer] = useJobField('staging.container', summary.container ?? '');
  const [importJobName, setImportJobName] = useJobField('staging.importJobName', summary.importJobName ?? '');
  const [packSize, setPackSize] = useJobField('staging.packSize', '1GiB');
  const [skipUnreadable, setSkipUnreadable] = useJobField('staging.skipUnreadable', false);
  const [cloud, setCloud] = useState<string | undefined>(summary.cloud && summary.cloud !== 'local' ? summary.cloud : undefined);
  // Kept with the wizard's job: leaving the step and coming back (or a reload) finds the running staging again.
  const [jobId, setJobId] = useJobField('staging.jobId', '');
  const validate = useRequest('staging.validate');
  const start = useRequest('staging.start');
  const status = useRequest('staging.status');
  const job = useKeptJob(jobId || null);

  const input = {
    stagingDir: stagingDir.trim(),
    sources: sources.split('\n').map((s) => s.trim()).filter(Boolean),
    importJobName: importJobName.trim(),
    subscriptionId: subscriptionId.trim(),
    resourceGroup: resourceGroup.trim(),
    storageAccount: storageAccount.trim(),
    container: container.trim(),
    packSize: packSize.trim(),
    skipUnreadable,
  };
  const problems = (start.result && 'problems' in start.result ? start.result.problems : null) ?? validate.result?.problems ?? [];

  const begin = async () => {
    useWizard.getState().setStatus('staging', 'inProgress');
    const r = await start.run({ input, ...(cloud ? { cloud } : {}) });
    if (r && 'jobId' in r) {
      setJobId(r.jobId);
      useSession.getState().update({
        stagingLocation: input.stagingDir,
        stagingKind: 'offlineSeed',
        importJobName: input.importJobName,
        subscriptionId: input.subscriptionId,
        storageAccount: input.storageAccount,
        container: input.container,
      });
    } else useWizard.getState().setStatus('staging', 'needsAttention');
  };

  const outcome = job.end?.outcome;
  const runStatus = status.run;
  // A staging that ended while nobody looked (or before a restart) is shown from what the location records.
  const stagingStatus = useWizard((s) => s.status.staging);
  const stagedEarlier = job.gone && stagingStatus === 'done';
  useEffect(() => {
    if (!outcome) return;
    useWizard.getState().setStatus('staging', outcome === 'succeeded' ? 'done' : 'needsAttention');
    if (outcome === 'succeeded') void runStatus({ stagingDir: stagingDir.trim() });
  }, [outcome, runStatus, stagingDir]);
  useEffect(() => {
    if (stagedEarlier && stagingDir.trim()) void runStatus({ stagingDir: stagingDir.trim() });
    // Once per return to the step.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stagedEarlier]);
  const stats = status.result?.stats;

  const ownStaging = (
    <>
      <Card>
        <div className="form-grid">
          <FolderField label={t('pages.stagingLocation')} hint={t('pages.stagingHint')} value={stagingDir} onChange={setStagingDir} />
          <div className="field">
            <label htmlFor="staging-sources">{t('pages.sources')}</label>
            <textarea id="staging-sources" rows={3} value={sources} onChange={(e) => setSources(e.target.value)} />
          </div>
          <PublishSettings file={publishFile} onFile={setPublishFile} subscriptionId={subscriptionId} onSubscription={setSubscriptionId} onCloud={setCloud} />
          <Field label={t('pages.subscriptionId')} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} />
          <Field label={t('pages.resourceGroup')} value={resourceGroup} onChange={(e) => setResourceGroup(e.target.value)} />
          <Field label={t('pages.storageAccount')} value={storageAccount} onChange={(e) => setStorageAccount(e.target.value)} />
          <Field label={t('pages.container')} value={container} onChange={(e) => setContainer(e.target.value)} />
          <Field label={t('pages.importJobName')} value={importJobName} onChange={(e) => setImportJobName(e.target.value)} />
          <Field label={t('pages.packSize')} hint={t('pages.packSizeHint')} value={packSize} onChange={(e) => setPackSize(e.target.value)} />
          <div className="field">
            <label>
              <input type="checkbox" checked={skipUnreadable} onChange={(e) => setSkipUnreadable(e.target.checked)} /> {t('pages.skipUnreadable')}
            </label>
          </div>
        </div>
        <div className="actions-row">
          <Button disabled={validate.pending} onClick={() => void validate.run(input)}>
            {t('pages.check')}
          </Button>
          <Button variant="primary" disabled={start.pending || (!!jobId && !outcome && !job.gone)} onClick={() => void begin()}>
            {start.pending ? t('pages.starting') : t('pages.start')}
          </Button>
        </div>
      </Card>
      <StagingProblems problems={problems} />
      {validate.result && validate.result.problems.length === 0 && validate.result.sourceBytes !== undefined && !jobId && (
        <Notice tone="success">{t('pages.checkedOk', { size: f.bytes(validate.result.sourceBytes) })}</Notice>
      )}
      {validate.error && <ErrorNotice error={validate.error} onDismiss={validate.clearError} />}
      {start.error && <ErrorNotice error={start.error} onDismiss={start.clearError} />}
      {job.progress && !outcome && <StagingProgress progress={job.progress} />}
      {(outcome === 'succeeded' || stagedEarlier) && stats && (
        <Notice tone="success">
          {t('pages.done', { files: stats.files ?? 0, source: f.bytes(stats.sourceBytes ?? 0), stored: f.bytes(stats.storedBytes ?? 0), packs: stats.packs ?? 0 })}
        </Notice>
      )}
      {(outcome === 'failed' || outcome === 'cancelled') && (
        <Notice tone={outcome === 'failed' ? 'error' : 'warning'} title={job.end?.error?.message}>
          {t('pages.stopped')}
        </Notice>
      )}
    </>
  );
  const choose = (k: 'agent' | 'offlineSeed') => useSession.getState().update({ stagingKind: k });
  return (
    <div className="page-body">
      <StepIntro step="staging" />
      <fieldset className="mode-choice">
        <legend>{t('agent:pages.choice.legend')}</legend>
        <label>
          <input type="radio" name="staging-kind" checked={kind === 'agent'} onChange={() => choose('agent')} /> {t('agent:pages.choice.agent')}
        </label>
        <label>
          <input type="radio" name="staging-kind" checked={kind === 'offlineSeed'} onChange={() => choose('offlineSeed')} /> {t('agent:pages.choice.offlineSeed')}
        </label>
      </fieldset>
      {kind === 'agent' && <AgentStaging />}
      {kind === 'offlineSeed' && ownStaging}
    </div>
  );
}
