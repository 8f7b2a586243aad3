/**
 * Step "importJob": "Review + create", as the Azure portal does — what will be created (account, container, each job
 * with its drives) is shown first, read from the session and the journals; then the job(s) are created and the page
 * says where to ship them.
 */

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isPublicCloudName } from '../../shared/cloud';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../components/ui';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { AddressBlock } from './workflow/AddressBlock';
import { StagingLocation } from './workflow/StagingLocation';

export default function ImportJobPage() {
  const { t } = useTranslation(['workflow', 'app']);
  const staging = useSession((s) => s.summary.stagingLocation);
  const review = useRequest('workflow.reviewJobs');
  const create = useRequest('workflow.createJobs');
  const loadReview = review.run;
  useEffect(() => {
    if (staging) void loadReview({ stagingDir: staging });
  }, [staging, loadReview]);
  const run = async () => {
    if (!staging) return;
    useWizard.getState().setStatus('importJob', 'inProgress');
    const r = await create.run({ stagingDir: staging });
    useWizard.getState().setStatus('importJob', r ? 'done' : 'needsAttention');
    if (r?.jobs[0]) useSession.getState().update({ importJobName: r.jobs[0].name, driveCount: r.jobs.reduce((n, j) => n + j.driveIds.length, 0) });
  };
  const plan = review.result;
  const rows: Array<[string, string]> = plan
    ? [
        [t('pages.importJob.cloud'), isPublicCloudName(plan.cloud) ? plan.cloud : t('app:summary.localRehearsal')],
        [t('app:summary.subscription'), plan.subscriptionId],
        [t('report.resourceGroup'), plan.resourceGroup],
        [t('app:summary.storageAccount'), plan.storageAccount],
        [t('app:summary.container'), plan.container],
        [t('pages.common.staging'), plan.location],
      ]
    : [];
  return (
    <div className="page-body">
      <StepIntro step="importJob" />
      <StagingLocation />
      {review.error && <ErrorNotice error={review.error} onDismiss={review.clearError} />}
      {plan && !create.result && (
        <Card title={t('pages.importJob.reviewTitle')}>
          <p>{t('pages.importJob.reviewIntro')}</p>
          <dl className="review-grid" data-testid="import-review">
            {rows.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <p className="review-subtitle">{t('pages.importJob.jobsPlanned', { count: plan.jobs.length })}</p>
          <ul className="review-jobs">
            {plan.jobs.map((j) => (
              <li key={j.name}>
                <span className="mono">{j.name}</span>
                {j.created && <span className="badge">{t('pages.importJob.alreadyCreated')}</span>}
                <span className="review-drives">{t('pages.importJob.driveList', { count: j.driveIds.length, list: j.driveIds.join(', ') })}</span>
              </li>
            ))}
          </ul>
          <div className="actions-row">
            <Button variant="primary" disabled={!staging || create.pending || plan.jobs.length === 0} onClick={() => void run()}>
              {create.pending ? t('pages.importJob.creating') : t('pages.importJob.create')}
            </Button>
          </div>
        </Card>
      )}
      {create.error && <ErrorNotice error={create.error} onDismiss={create.clearError} />}
      {create.result && create.result.jobs.length > 1 && <Notice tone="info">{t('importJob.several', { count: create.result.jobs.length })}</Notice>}
      {create.result?.jobs.map((j) => (
        <Card key={j.name} title={j.name}>
          <Notice tone="success">{t(j.created ? 'importJob.created' : 'importJob.reused', { job: j.name, count: j.driveIds.length })}</Notice>
          {j.alternateLocation && <Notice tone="warning">{t('importJob.alternate', { location: j.location, alternate: j.alternateLocation })}</Notice>}
          <AddressBlock heading={t('importJob.shipTo', { job: j.name })} address={j.shipTo} carriers={j.supportedCarriers} />
          <p>{t('pages.importJob.driveList', { count: j.driveIds.length, list: j.driveIds.join(', ') })}</p>
        </Card>
      ))}
    </div>
  );
}
