/** The test restore from the cloud: a destination folder, a button, the job's progress and its outcome. */

import { useTranslation } from 'react-i18next';
import { ProgressPanel } from '../../components/ProgressPanel';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJob } from '../../store/jobs';
import { useJobField } from '../../store/currentJob';

export function CloudRestore({ stagingDir }: { stagingDir: string }) {
  const { t } = useTranslation('workflow');
  const [toDir, setToDir] = useJobField('complete.restoreTo', '');
  const start = useRequest('workflow.restoreFromCloud');
  const jobId = start.result?.jobId ?? null;
  const { progress, end } = useJob(jobId);
  return (
    <Card title={t('pages.complete.restoreTitle')}>
      <form
        className="actions-row"
        style={{ alignItems: 'center' }}
        onSubmit={(e) => {
          e.preventDefault();
          if (toDir.trim()) void start.run({ stagingDir, toDir: toDir.trim() });
        }}
      >
        <Field label={t('pages.complete.restoreTo')} hint={t('pages.complete.restoreToHint')} value={toDir} onChange={(e) => setToDir(e.target.value)} />
        <Button type="submit" variant="secondary" disabled={!toDir.trim() || start.pending || (jobId !== null && !end)}>
          {t('pages.complete.restore')}
        </Button>
      </form>
      {start.error && <ErrorNotice error={start.error} onDismiss={start.clearError} />}
      {progress && !end && <ProgressPanel progress={progress} />}
      {end?.outcome === 'succeeded' && <Notice tone="success">{t('pages.complete.restored', { to: toDir.trim() })}</Notice>}
      {end && end.outcome !== 'succeeded' && <Notice tone="error">{end.error?.message ?? t('pages.complete.restoreFailed')}</Notice>}
    </Card>
  );
}
