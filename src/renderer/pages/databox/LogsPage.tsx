/** Data Box step "logs": every disk's upload logs (error and verbose DriveLogs) read from the storage account, per file. */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { useFormat, useRequest } from '../../hooks';
import { useJobField } from '../../store/currentJob';
import { useWizard } from '../../store/wizard';
import { NextStep, OrderNameField, StatusView, useOrderName, useScope } from './common';

export default function LogsPage() {
  const { t } = useTranslation('databox');
  const f = useFormat();
  const [jobName] = useOrderName();
  const [account] = useJobField('dataBoxReadiness.storageAccountId', '');
  const scope = useScope();
  const logs = useRequest('databox.logs');
  const [onlyProblems, setOnlyProblems] = useState(true);

  const read = async () => {
    const r = await logs.run({ ...scope, jobName: jobName.trim(), ...(account.trim() ? { storageAccountId: account.trim() } : {}) });
    if (r) useWizard.getState().setStatus('dataBoxLogs', r.entries.every((e) => e.status === 'Completed') && r.status.status === 'Completed' ? 'done' : r.status.final ? 'needsAttention' : 'inProgress');
  };
  const entries = logs.result?.entries ?? [];
  const problems = entries.filter((e) => e.status !== 'Completed');
  const shown = onlyProblems ? problems : entries;

  return (
    <div className="page-body">
      <StepIntro step="dataBoxLogs" />
      <Card title={t('wizard.logs.title')}>
        <div className="form-grid">
          <OrderNameField />
        </div>
        <div className="actions-row">
          <Button variant="primary" disabled={logs.pending || jobName.trim().length < 3} onClick={() => void read()}>
            {t('wizard.logs.read')}
          </Button>
        </div>
        {logs.result && (
          <>
            <StatusView status={logs.result.status} />
            <Notice tone={problems.length === 0 ? 'success' : 'warning'} title={t('logs.summary', { job: logs.result.status.jobName, count: entries.length, problems: problems.length })} />
            {logs.result.status.final && <NextStep status={logs.result.status} />}
            <label className="checkbox-row">
              <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> {t('wizard.logs.onlyProblems')}
            </label>
            {shown.length > 0 && (
              <table className="table">
                <caption className="visually-hidden">{t('wizard.logs.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('wizard.track.disk')}</th>
                    <th scope="col">{t('wizard.logs.file')}</th>
                    <th scope="col">{t('wizard.logs.blob')}</th>
                    <th scope="col">{t('wizard.logs.size')}</th>
                    <th scope="col">{t('wizard.logs.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e) => (
                    <tr key={`${e.serialNumber}:${e.filePath}`}>
                      <td className="mono">{e.serialNumber}</td>
                      <td className="mono wrap-anywhere">{e.filePath}</td>
                      <td className="mono wrap-anywhere">{e.blobPath}</td>
                      <td>{f.bytes(e.size)}</td>
                      <td>
                        <span className={`badge ${e.status === 'Completed' ? 'badge-success' : 'badge-warning'}`}>{e.status}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Card>
      {logs.error && <ErrorNotice error={logs.error} onDismiss={logs.clearError} />}
    </div>
  );
}
