/** AddRegistryEntries from the wizard: the params file, the storage account, the subscription. */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJobField } from '../../store/currentJob';

export function RegistryEntries({ subscriptionId, xmlPath, cloud }: { subscriptionId: string; xmlPath: string; cloud?: string }) {
  const { t } = useTranslation('certificate');
  const [file, setFile] = useState(xmlPath);
  const [account, setAccount] = useJobField('certificate.registryAccount', '');
  const add = useRequest('certificate.addRegistryEntries');
  // On Windows unelevated, the machine-wide writes go to the elevated helper: the UAC prompt is said beforehand.
  const info = useRequest('app.info');
  const runInfo = info.run;
  useEffect(() => void runInfo({}), [runInfo]);
  return (
    <Card title={t('pages.registryTitle')}>
      <div className="form-grid">
        <Field label={t('pages.xmlPath')} value={file} onChange={(e) => setFile(e.target.value)} />
        <Field label={t('pages.registryStorageAccount')} value={account} onChange={(e) => setAccount(e.target.value.trim())} />
      </div>
      {info.result?.elevationPrompt === 'windows' && <Notice tone="info">{t('pages.registryElevation')}</Notice>}
      <div className="actions-row">
        <Button
          variant="primary"
          disabled={add.pending || !file || !account || !subscriptionId}
          onClick={() => void add.run({ subscriptionId, xmlFilePath: file, storageAccountName: account, ...(cloud ? { cloud } : {}) })}
        >
          {t('pages.register')}
        </Button>
      </div>
      {add.error && <ErrorNotice error={add.error} onDismiss={add.clearError} />}
      {add.result && (
        <Notice tone="success">
          {t('pages.registered', { name: add.result.valueName, location: add.result.registryLocation })} {t('cli.paramsCopied', { path: add.result.paramsPath })}
        </Notice>
      )}
    </Card>
  );
}
