/**
 * The test restore from the cloud: an empty destination folder, a button, the job's progress, and then whether each
 * source came back identical (read from what core recorded).
 */

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressPanel } from '../../components/ProgressPanel';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJob } from '../../store/jobs';
import { useJobField } from '../../store/currentJob';

export function CloudRestore({ stagingDir, onEnd }: { stagingDir: string; onEnd(): void }) {
  const { t } = useTranslation('workflow');
  const [toDir, setToDir] = useJobField('complete.restoreTo', '');
  const start = useRequest('workflow.restoreFromCloud');
  const jobId = start.result?.jobId ?? null;
  const { progress, end } = useJob(jobId);
  const input = useRef<HTMLInputElement>(null);
  const fieldError = start.error && start.error.code.startsWith('workflow:errors.restore') ? start.error : null;
  // A refused folder is marked on its field and the field takes the focus, so it can be corrected at once.
  useEffect(() => {
    if (fieldError) input.current?.focus();
  }, [fieldError]);
  useEffect(() => {
    if (end) onEnd();
    // onEnd is a fresh closure each render; the end of this job is the only trigger
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [end]);
  return (
    <Card title={t('pages.complete.restoreTitle')}>
      <form
        className="actions-row"
        style={{ alignItems: 'flex-start' }}
        onSubmit={(e) => {
          e.preventDefault();
          if (toDir.trim()) void start.run({ stagingDir, toDir: toDir.trim() });
        }}
      >
        <Field
          ref={input}
          label={t('pages.complete.restoreTo')}
          hint={t('pages.complete.restoreToHint')}
          value={toDir}
          error={fieldError?.message ?? null}
          onChange={(e) => {
            setToDir(e.target.value);
            if (fieldError) start.clearError();
          }}
        />
        <Button type="submit" variant="secondary" disabled={!toDir.trim() || start.pending || (jobId !== null && !end)} style={{ marginTop: 25 }}>
          {jobId !== null && !end ? t('pages.complete.restoring') : t('pages.complete.restore')}
        </Button>
      </form>
      {start.error && !fieldError && <ErrorNotice error={start.error} onDismiss={start.clearError} />}
      {progress && !end && <ProgressPanel progress={progress} />}
      {end && end.outcome !== 'succeeded' && <Notice tone="error">{end.error?.message ?? t('pages.complete.restoreFailed')}</Notice>}
    </Card>
  );
}
