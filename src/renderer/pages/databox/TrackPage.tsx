/**
 * Data Box step "track": the order's stage timeline, each disk's copy progress and the next step, refreshed every
 * minute while the page is open (read-only: helpdesk can watch an order by its name). Cancel while Azure allows it.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useWizard } from '../../store/wizard';
import { NextStep, OrderNameField, StatusView, useOrderName, useScope, type DataBoxStatus } from './common';

const refreshMs = 60_000;

function stepStatus(s: DataBoxStatus) {
  if (s.status === 'Completed' || s.status === 'CompletedWithWarnings') return 'done' as const;
  if (s.final) return 'needsAttention' as const;
  return 'inProgress' as const;
}

export default function TrackPage() {
  const { t } = useTranslation('databox');
  const [jobName] = useOrderName();
  const scope = useScope();
  const status = useRequest('databox.status');
  const cancel = useRequest('databox.cancel');
  const [reason, setReason] = useState('');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const refresh = status.run;
  const key = JSON.stringify({ jobName, scope });

  const load = async () => {
    if (jobName.trim().length < 3) return;
    const r = await refresh({ ...scope, jobName: jobName.trim() });
    if (r) useWizard.getState().setStatus('dataBoxTrack', stepStatus(r));
  };
  useEffect(() => {
    // A pause after typing before the first look, then every minute.
    const first = setTimeout(() => void load(), 500);
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
    // `load` follows `key`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const shown = cancel.result ?? status.result;
  return (
    <div className="page-body">
      <StepIntro step="dataBoxTrack" />
      <Card title={t('wizard.track.title')}>
        <div className="form-grid">
          <OrderNameField />
        </div>
        <div className="actions-row">
          <Button variant="primary" disabled={status.pending || jobName.trim().length < 3} onClick={() => void load()}>
            {t('wizard.track.refresh')}
          </Button>
        </div>
        <p className="field-hint">{t('wizard.track.auto')}</p>
        {shown && shown.jobName === jobName.trim() && (
          <>
            <StatusView status={shown} />
            <NextStep status={shown} />
          </>
        )}
      </Card>
      {shown?.isCancellable && (
        <Card title={t('wizard.track.cancelTitle')}>
          <p>{t('wizard.track.cancelHint')}</p>
          <Field label={t('wizard.fields.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <label className="checkbox-row">
            <input type="checkbox" checked={confirmCancel} onChange={(e) => setConfirmCancel(e.target.checked)} /> {t('wizard.track.cancelConfirm', { job: shown.jobName })}
          </label>
          <div className="actions-row">
            <Button variant="danger" disabled={!confirmCancel || cancel.pending} onClick={() => void cancel.run({ ...scope, jobName: shown.jobName, reason })}>
              {t('wizard.track.cancel')}
            </Button>
          </div>
          {cancel.result && <Notice tone="success" title={t('cancel.done', { job: cancel.result.jobName })} />}
        </Card>
      )}
      {status.error && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
      {cancel.error && <ErrorNotice error={cancel.error} onDismiss={cancel.clearError} />}
    </div>
  );
}
