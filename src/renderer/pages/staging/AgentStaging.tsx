/**
 * Step 3 for a staging location the backup agent (DPM, MABS, MARS) wrote: where it is, the import job it belongs to
 * (the values entered in the agent's "Initiate offline backup" step; publish settings fill what they can) and how its
 * files become blobs. Checked first (nothing written), then recorded; the staging location itself is never changed.
 */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useFormat, useRequest } from '../../hooks';
import { useSession } from '../../store/session';
import { useWizard } from '../../store/wizard';
import { useJobField } from '../../store/currentJob';
import { FolderField } from '../../components/FolderField';
import { PublishSettings } from './PublishSettings';
import { StagingProblems } from './StagingProblems';

const blobTypes = ['auto', 'block', 'page'] as const;
const dispositions = ['rename', 'no-overwrite', 'overwrite'] as const;

export function AgentStaging() {
  const { t } = useTranslation(['agent', 'staging']);
  const f = useFormat();
  const summary = useSession((s) => s.summary);
  const [stagingDir, setStagingDir] = useJobField('staging.agent.stagingDir', summary.stagingKind === 'agent' ? (summary.stagingLocation ?? '') : '');
  const [publishFile, setPublishFile] = useJobField('staging.agent.publishFile', '');
  const [subscriptionId, setSubscriptionId] = useJobField('staging.agent.subscriptionId', summary.subscriptionId ?? '');
  const [resourceGroup, setResourceGroup] = useJobField('staging.agent.resourceGroup', summary.resourceGroup ?? '');
  const [storageAccount, setStorageAccount] = useJobField('staging.agent.storageAccount', summary.storageAccount ?? '');
  const [container, setContainer] = useJobField('staging.agent.container', summary.container ?? '');
  const [importJobName, setImportJobName] = useJobField('staging.agent.importJobName', summary.importJobName ?? '');
  const [blobPrefix, setBlobPrefix] = useState<string | null>(null);
  const [blobType, setBlobType] = useState<(typeof blobTypes)[number]>('auto');
  const [disposition, setDisposition] = useState<(typeof dispositions)[number]>('rename');
  const [cloud, setCloud] = useState<string | undefined>(summary.cloud && summary.cloud !== 'local' ? summary.cloud : undefined);
  const check = useRequest('agentStaging.check');
  const open = useRequest('agentStaging.open');

  const job = importJobName.trim();
  const input = {
    stagingDir: stagingDir.trim(),
    importJobName: job,
    subscriptionId: subscriptionId.trim(),
    resourceGroup: resourceGroup.trim(),
    storageAccount: storageAccount.trim(),
    container: container.trim(),
    ...(blobPrefix !== null ? { blobPrefix: blobPrefix.trim() } : {}),
    blobType,
    importDisposition: disposition,
  };
  const opened = open.result && 'summary' in open.result ? open.result.summary : null;
  const problems = (open.result && 'problems' in open.result ? open.result.problems : null) ?? check.result?.problems ?? [];
  const shown = opened ?? check.result?.summary ?? null;

  const use = async () => {
    useWizard.getState().setStatus('staging', 'inProgress');
    const r = await open.run({ input, ...(cloud ? { cloud } : {}) });
    if (r && 'summary' in r) {
      useSession.getState().update({
        stagingLocation: r.summary.stagingDir,
        stagingKind: 'agent',
        importJobName: input.importJobName,
        subscriptionId: input.subscriptionId,
        resourceGroup: input.resourceGroup,
        storageAccount: input.storageAccount,
        container: input.container,
      });
      useWizard.getState().setStatus('staging', 'done');
    } else useWizard.getState().setStatus('staging', 'needsAttention');
  };

  return (
    <>
      <Notice tone="info">{t('pages.agentIntro')}</Notice>
      <Card>
        <div className="form-grid">
          <FolderField label={t('staging:pages.stagingLocation')} hint={t('pages.stagingHint')} value={stagingDir} onChange={setStagingDir} />
          <PublishSettings file={publishFile} onFile={setPublishFile} subscriptionId={subscriptionId} onSubscription={setSubscriptionId} onCloud={setCloud} />
          <Field label={t('pages.importJobName')} hint={t('pages.importJobHint')} value={importJobName} onChange={(e) => setImportJobName(e.target.value)} />
          <Field label={t('staging:pages.subscriptionId')} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} />
          <Field label={t('staging:pages.resourceGroup')} value={resourceGroup} onChange={(e) => setResourceGroup(e.target.value)} />
          <Field label={t('staging:pages.storageAccount')} hint={t('pages.asGivenToAgent')} value={storageAccount} onChange={(e) => setStorageAccount(e.target.value)} />
          <Field label={t('staging:pages.container')} hint={t('pages.asGivenToAgent')} value={container} onChange={(e) => setContainer(e.target.value)} />
          <Field
            label={t('pages.blobPrefix')}
            hint={t('pages.blobPrefixHint', { prefix: job ? `${job}/` : '<job>/' })}
            value={blobPrefix ?? (job ? `${job}/` : '')}
            onChange={(e) => setBlobPrefix(e.target.value)}
          />
          <div className="field">
            <label htmlFor="agent-blob-type">{t('pages.blobType')}</label>
            <select id="agent-blob-type" value={blobType} onChange={(e) => setBlobType(e.target.value as (typeof blobTypes)[number])}>
              {blobTypes.map((b) => (
                <option key={b} value={b}>
                  {t(`pages.blobTypes.${b}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="agent-disposition">{t('pages.importDisposition')}</label>
            <select id="agent-disposition" value={disposition} onChange={(e) => setDisposition(e.target.value as (typeof dispositions)[number])}>
              {dispositions.map((d) => (
                <option key={d} value={d}>
                  {t(`pages.dispositions.${d}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions-row">
          <Button disabled={check.pending} onClick={() => void check.run({ input })}>
            {t('staging:pages.check')}
          </Button>
          <Button variant="primary" disabled={open.pending} onClick={() => void use()}>
            {t('pages.use')}
          </Button>
        </div>
      </Card>
      <StagingProblems problems={problems} />
      {shown && problems.length === 0 && (
        <Notice tone="success" title={opened ? t('pages.recorded') : t('pages.checked')}>
          <p>{t('cli.summary', { files: shown.files, bytes: f.bytes(shown.bytes), container: shown.container, prefix: shown.blobPrefix, disposition: shown.importDisposition })}</p>
          {shown.pageBlobs > 0 && <p>{t('cli.pageBlobs', { count: shown.pageBlobs })}</p>}
          {shown.largestFile && <p>{t('pages.largest', { file: shown.largestFile.relPath, size: f.bytes(shown.largestFile.size) })}</p>}
          {shown.skipped.length > 0 && <p>{t('cli.skippedEntries', { count: shown.skipped.length, path: shown.skipped[0] })}</p>}
          <p>{t('cli.sessionAt', { dir: shown.sessionDir })}</p>
        </Notice>
      )}
      {check.error && <ErrorNotice error={check.error} onDismiss={check.clearError} />}
      {open.error && <ErrorNotice error={open.error} onDismiss={open.clearError} />}
    </>
  );
}
