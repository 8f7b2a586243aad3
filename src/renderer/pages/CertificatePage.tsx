/** Step "certificate": CreateNewApplication (application, certificate, role), the manual upload path, and AddRegistryEntries. */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { ManualUpload } from './certificate/ManualUpload';
import { RegistryEntries } from './certificate/RegistryEntries';
import { Thumbprint } from './certificate/Thumbprint';
import { useJobField } from '../store/currentJob';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function CertificatePage() {
  const { t } = useTranslation('certificate');
  const summary = useSession((s) => s.summary);
  const cloud = summary.cloud && summary.cloud !== 'local' ? summary.cloud : undefined;
  const [subscriptionId, setSubscriptionId] = useJobField('certificate.subscriptionId', summary.subscriptionId ?? '');
  const [storageAccount, setStorageAccount] = useJobField('certificate.storageAccount', summary.storageAccount ?? '');
  const [folder, setFolder] = useJobField('certificate.folder', '');
  const [touched, setTouched] = useState(false);
  const status = useRequest('certificate.status');
  const create = useRequest('certificate.create');
  const runStatus = status.run;
  useEffect(() => {
    void runStatus(cloud ? { cloud } : {});
  }, [runStatus, cloud]);

  const subscriptionError = touched && !guid.test(subscriptionId.trim()) ? t('errors.badSubscriptionId', { value: subscriptionId }) : null;
  const run = async (recreate = false) => {
    setTouched(true);
    if (!guid.test(subscriptionId.trim()) || !folder) return;
    useWizard.getState().setStatus('certificate', 'inProgress');
    const r = await create.run({ subscriptionId: subscriptionId.trim(), folder, recreate, ...(storageAccount ? { storageAccountName: storageAccount } : {}), ...(cloud ? { cloud } : {}) });
    useWizard.getState().setStatus('certificate', r?.outcome === 'created' ? 'done' : 'needsAttention');
    if (r) useSession.getState().update({ subscriptionId: subscriptionId.trim(), ...(storageAccount ? { storageAccount } : {}) });
    if (r?.outcome === 'created') void runStatus(cloud ? { cloud } : {});
  };
  const result = create.result;
  const params = result?.outcome === 'created' ? result.params : status.result?.params ?? null;

  return (
    <div className="page-body">
      <StepIntro step="certificate" />
      {status.result && (
        <Notice tone="info">{t('pages.identity', { name: status.result.identity.name || status.result.identity.kind })}</Notice>
      )}
      <Card>
        <div className="form-grid">
          <Field label={t('pages.subscriptionId')} hint={t('pages.subscriptionHint')} error={subscriptionError} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} onBlur={() => setTouched(true)} />
          <Field label={t('pages.storageAccount')} hint={t('pages.storageAccountHint')} value={storageAccount} onChange={(e) => setStorageAccount(e.target.value.trim())} />
          <Field label={t('pages.folder')} hint={t('pages.folderHint')} value={folder} onChange={(e) => setFolder(e.target.value)} />
        </div>
        <div className="actions-row">
          <Button variant="primary" disabled={create.pending || !folder} onClick={() => void run()}>
            {create.pending ? t('pages.creating') : t('pages.create')}
          </Button>
        </div>
      </Card>
      {create.error && <ErrorNotice error={create.error} onDismiss={create.clearError} />}
      {result?.outcome === 'noCertificate' && (
        <Notice tone="warning" title={t('cli.noCertificate', { name: result.displayName, appId: result.applicationId })}>
          <Button variant="danger" disabled={create.pending} onClick={() => void run(true)}>
            {t('pages.recreate')}
          </Button>
        </Notice>
      )}
      {result?.outcome === 'manual' && <ManualUpload manual={result.manual} folder={folder} {...(cloud ? { cloud } : {})} />}
      {params && (
        <Card title={result?.outcome === 'created' ? t('pages.created') : params.applicationName}>
          <table className="table">
            <tbody>
              <tr>
                <th scope="row">{t('pages.applicationId')}</th>
                <td className="mono">{params.applicationId}</td>
              </tr>
              <tr>
                <th scope="row">{t('pages.paramsPath')}</th>
                <td className="mono">{result?.outcome === 'created' ? result.xmlPath : params.certificateSubject}</td>
              </tr>
            </tbody>
          </table>
          <Thumbprint value={params.certificateThumbprintSha1} />
        </Card>
      )}
      {params && (
        <RegistryEntries subscriptionId={params.subscriptionId} xmlPath={result?.outcome === 'created' ? result.xmlPath : ''} {...(cloud ? { cloud } : {})} />
      )}
    </div>
  );
}
