/**
 * Data Box step "agent": the agent's own steps with the order name and the disk path filled in, then a check of what
 * the agent wrote before the disks travel, and the documented repair when the agent cannot add its certificate.
 *
 * The agent steps and the repair follow "Azure Backup offline backup by using Azure Data Box"
 * (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box) and, for DPM and MABS,
 * https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box-dpm-mabs. Offline Seed does not drive the
 * agent: the write is the agent's.
 */

import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice } from '../../components/ui';
import { useJobField } from '../../store/currentJob';
import { useWizard } from '../../store/wizard';
import { DiskCheckView, DiskPathsField, DocLink, useDiskPaths, useOrderName } from './common';
import { useDiskChecks } from './DisksPage';
import { CertificateRepair } from './CertificateRepair';

export const marsDocs = 'https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box';
export const dpmDocs = 'https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box-dpm-mabs';

export default function AgentPage() {
  const { t } = useTranslation('databox');
  const [jobName] = useOrderName();
  const [, , paths] = useDiskPaths();
  const [agentField, setAgent] = useJobField('dataBoxAgent.agent', 'mars');
  const agent = agentField === 'dpm' ? 'dpm' : 'mars';
  const checks = useDiskChecks('after');
  const order = jobName.trim() || t('wizard.agent.yourOrder');
  const disk = paths[0] ?? t('wizard.agent.yourDisk');

  const check = async () => {
    const out = await checks.run(paths);
    useWizard.getState().setStatus('dataBoxAgent', out.every((r) => r.result && r.result.violations.length === 0) ? 'done' : 'needsAttention');
  };

  return (
    <div className="page-body">
      <StepIntro step="dataBoxAgent" />
      <Card title={t('wizard.agent.title')}>
        <fieldset className="route-choice">
          <legend>{t('wizard.agent.which')}</legend>
          {(['mars', 'dpm'] as const).map((a) => (
            <label key={a} className="route-option">
              <input type="radio" name="agent" value={a} checked={agent === a} onChange={() => setAgent(a)} /> <span>{t(`wizard.agent.${a}`)}</span>
            </label>
          ))}
        </fieldset>
        {agent === 'mars' ? (
          <ol className="checklist" aria-label={t('wizard.agent.stepsLabel')}>
            <li>{t('wizard.agent.marsSteps.open')}</li>
            <li>{t('wizard.agent.marsSteps.items')}</li>
            <li>{t('wizard.agent.marsSteps.type')}</li>
            <li>{t('wizard.agent.marsSteps.signIn')}</li>
            <li>{t('wizard.agent.marsSteps.order', { order })}</li>
            <li>{t('wizard.agent.marsSteps.detect', { path: disk })}</li>
            <li>{t('wizard.agent.marsSteps.finish')}</li>
          </ol>
        ) : (
          <ol className="checklist" aria-label={t('wizard.agent.stepsLabel')}>
            <li>{t('wizard.agent.dpmSteps.group')}</li>
            <li>{t('wizard.agent.dpmSteps.type')}</li>
            <li>{t('wizard.agent.dpmSteps.signIn')}</li>
            <li>{t('wizard.agent.dpmSteps.order', { order })}</li>
            <li>{t('wizard.agent.dpmSteps.detect', { path: disk })}</li>
            <li>{t('wizard.agent.dpmSteps.finish')}</li>
          </ol>
        )}
        <DocLink url={agent === 'mars' ? marsDocs : dpmDocs} />
      </Card>
      <Card title={t('wizard.agent.checkTitle')}>
        <p>{t('wizard.agent.checkHint')}</p>
        <DiskPathsField />
        <div className="actions-row">
          <Button variant="primary" disabled={checks.pending || paths.length === 0} onClick={() => void check()}>
            {t('wizard.agent.checkAfter')}
          </Button>
        </div>
        {checks.results.map((r) => (r.result ? <DiskCheckView key={r.path} result={r.result} /> : r.error ? <ErrorNotice key={r.path} error={r.error} /> : null))}
      </Card>
      <Card title={t('wizard.agent.repairTitle')}>
        <p>{t('wizard.agent.repairWhen')}</p>
        <ol className="checklist">
          <li>{t('wizard.agent.repair.export')}</li>
          <li>{t('wizard.agent.repair.upload')}</li>
          <li>
            {t('wizard.agent.repair.registry')}
            <pre className="mono command">{'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider\nAzureADAppCertThumbprint_<Azure User Id> = <thumbprint>'}</pre>
          </li>
        </ol>
        <DocLink url={`${marsDocs}#troubleshooting`} />
        <CertificateRepair />
      </Card>
    </div>
  );
}
