/**
 * Data Box step "clean-up": once the agent's next scheduled backup has moved the data into the vault, the storage
 * account's copy may be deleted (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box#post-backup-steps);
 * a completed or canceled order is deleted with the passkey Offline Seed kept for it.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useWizard } from '../../store/wizard';
import { DocLink, OrderNameField, useOrderName, useScope, useStageLabel } from './common';
import { marsDocs } from './AgentPage';

export default function CleanupPage() {
  const { t } = useTranslation('databox');
  const [jobName] = useOrderName();
  const scope = useScope();
  const status = useRequest('databox.status');
  const remove = useRequest('databox.delete');
  const [confirm, setConfirm] = useState(false);
  const stage = useStageLabel();
  const runStatus = status.run;
  const name = jobName.trim();
  useEffect(() => {
    if (name.length >= 3) void runStatus({ ...scope, jobName: name });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, runStatus]);

  const del = async () => {
    const r = await remove.run({ ...scope, jobName: name });
    if (r) useWizard.getState().setStatus('dataBoxCleanup', 'done');
  };
  const s = status.result;

  return (
    <div className="page-body">
      <StepIntro step="dataBoxCleanup" />
      <Card title={t('wizard.cleanup.vaultTitle')}>
        <ol className="checklist">
          <li>{t('wizard.cleanup.waiting')}</li>
          <li>{t('wizard.cleanup.recoveryPoint')}</li>
          <li>{t('wizard.cleanup.account')}</li>
        </ol>
        <DocLink url={`${marsDocs}#post-backup-steps`} />
      </Card>
      <Card title={t('wizard.cleanup.deleteTitle')}>
        <div className="form-grid">
          <OrderNameField />
        </div>
        {s && !remove.result && (s.isDeletable ? <p>{t('wizard.cleanup.deletable', { job: s.jobName, status: stage(s.status) })}</p> : <Notice tone="info" title={t('errors.notDeletable', { job: s.jobName, status: stage(s.status) })} />)}
        {s?.isDeletable && !remove.result && (
          <>
            <label className="checkbox-row">
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> {t('wizard.cleanup.confirm', { job: s.jobName })}
            </label>
            <div className="actions-row">
              <Button variant="danger" disabled={!confirm || remove.pending} onClick={() => void del()}>
                {t('wizard.cleanup.delete')}
              </Button>
            </div>
          </>
        )}
        {remove.pending && <Notice tone="info" title={t('wizard.cleanup.deleting')} />}
        {remove.result && <Notice tone="success" title={t('delete.done', { job: remove.result.deleted })} />}
      </Card>
      {status.error && !remove.result && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
      {remove.error && <ErrorNotice error={remove.error} onDismiss={remove.clearError} />}
    </div>
  );
}
