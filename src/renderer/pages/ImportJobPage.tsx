/** Step "importJob": creates the import job(s) from the prepared drives and shows where to ship them. */

import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../components/ui';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { AddressBlock } from './workflow/AddressBlock';
import { StagingLocation } from './workflow/StagingLocation';

export default function ImportJobPage() {
  const { t } = useTranslation('workflow');
  const staging = useSession((s) => s.summary.stagingLocation);
  const create = useRequest('workflow.createJobs');
  const run = async () => {
    if (!staging) return;
    useWizard.getState().setStatus('importJob', 'inProgress');
    const r = await create.run({ stagingDir: staging });
    useWizard.getState().setStatus('importJob', r ? 'done' : 'needsAttention');
    if (r?.jobs[0]) useSession.getState().update({ importJobName: r.jobs[0].name, driveCount: r.jobs.reduce((n, j) => n + j.driveIds.length, 0) });
  };
  return (
    <div className="page-body">
      <StepIntro step="importJob" />
      <StagingLocation />
      <div className="actions-row">
        <Button variant="primary" disabled={!staging || create.pending} onClick={() => void run()}>
          {create.pending ? t('pages.importJob.creating') : t('pages.importJob.create')}
        </Button>
      </div>
      {create.error && <ErrorNotice error={create.error} onDismiss={create.clearError} />}
      {create.result && create.result.jobs.length > 1 && <Notice tone="info">{t('importJob.several', { count: create.result.jobs.length })}</Notice>}
      {create.result?.jobs.map((j) => (
        <Card key={j.name} title={j.name}>
          <Notice tone="success">{t(j.created ? 'importJob.created' : 'importJob.reused', { job: j.name, count: j.driveIds.length })}</Notice>
          {j.alternateLocation && <Notice tone="warning">{t('importJob.alternate', { location: j.location, alternate: j.alternateLocation })}</Notice>}
          <AddressBlock heading={t('importJob.shipTo', { job: j.name })} address={j.shipTo} carriers={j.supportedCarriers} />
          <p>
            {t('pages.importJob.drives')}: <span className="mono">{j.driveIds.join(', ')}</span>
          </p>
        </Card>
      ))}
    </div>
  );
}
