/**
 * Step "certificate": CreateNewApplication (application, certificate, role) and AddRegistryEntries. Safe to run again:
 * when the application exists, the step offers what fits this computer (use the certificate it holds, upload its
 * certificate, or, advanced, replace the application) instead of a dead end.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { FolderField } from '../components/FolderField';
import { useRequest } from '../hooks';
import type { RequestResult } from '../../shared/contract';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { useJobField } from '../store/currentJob';
import { ExistingApplication } from './certificate/ExistingApplication';
import { RegistryEntries } from './certificate/RegistryEntries';
import { Thumbprint } from './certificate/Thumbprint';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A full path: from / on Linux and macOS, from a drive letter or a share on Windows. */
const fullPath = /^(\/|[a-z]:[\\/]|\\\\)/i;

export type Ready = RequestResult<'certificate.useExisting'>;

export default function CertificatePage() {
  const { t } = useTranslation('certificate');
  const summary = useSession((s) => s.summary);
  const cloud = summary.cloud && summary.cloud !== 'local' ? summary.cloud : undefined;
  const [subscriptionId, setSubscriptionId] = useJobField('certificate.subscriptionId', summary.subscriptionId ?? '');
  const [storageAccount, setStorageAccount] = useJobField('certificate.storageAccount', summary.storageAccount ?? '');
  const [folder, setFolder] = useJobField('certificate.folder', '');
  // Where the last run wrote OfflineApplicationParams.xml: the registry entries read it.
  const [xmlPath, setXmlPath] = useJobField('certificate.xmlPath', '');
  const [touched, setTouched] = useState(false);
  const [ready, setReady] = useState<{ title: string; result: Ready } | null>(null);
  const status = useRequest('certificate.status');
  const create = useRequest('certificate.create');
  const runStatus = status.run;
  useEffect(() => {
    void runStatus(cloud ? { cloud } : {});
  }, [runStatus, cloud]);

  const subscriptionError = touched && !guid.test(subscriptionId.trim()) ? t('errors.badSubscriptionId', { value: subscriptionId }) : null;
  const folderError = touched && folder.trim() && !fullPath.test(folder.trim()) ? t('errors.folderNotAbsolute', { folder }) : null;
  const target = {
    subscriptionId: subscriptionId.trim(),
    folder: folder.trim(),
    ...(storageAccount ? { storageAccountName: storageAccount } : {}),
    ...(cloud ? { cloud } : {}),
  };

  /** Any way the step ends well: the params file written, the application this computer signs in as. */
  const done = (title: string, r: Ready) => {
    setReady({ title, result: r });
    setXmlPath(r.xmlPath);
    useWizard.getState().setStatus('certificate', 'done');
    useSession.getState().update({ subscriptionId: subscriptionId.trim(), ...(storageAccount ? { storageAccount } : {}) });
    void runStatus(cloud ? { cloud } : {});
  };

  const run = async (o: { recreate?: boolean; replace?: boolean } = {}) => {
    setTouched(true);
    if (!guid.test(subscriptionId.trim()) || !fullPath.test(folder.trim())) return;
    setReady(null);
    useWizard.getState().setStatus('certificate', 'inProgress');
    const r = await create.run({ ...target, ...o });
    if (r?.outcome === 'created') done(t('pages.created'), r);
    else useWizard.getState().setStatus('certificate', 'needsAttention');
  };
  const result = create.result;
  const params = ready?.result.params ?? status.result?.params ?? null;

  return (
    <div className="page-body">
      <StepIntro step="certificate" />
      {status.result && <Notice tone="info">{t('pages.identity', { name: status.result.identity.name || status.result.identity.kind })}</Notice>}
      <Card>
        <div className="form-grid">
          <Field label={t('pages.subscriptionId')} hint={t('pages.subscriptionHint')} error={subscriptionError} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} onBlur={() => setTouched(true)} />
          <Field label={t('pages.storageAccount')} hint={t('pages.storageAccountHint')} value={storageAccount} onChange={(e) => setStorageAccount(e.target.value.trim())} />
          <FolderField label={t('pages.folder')} hint={t('pages.folderHint')} error={folderError} value={folder} onChange={setFolder} />
        </div>
        <div className="actions-row">
          <Button variant="primary" disabled={create.pending || !folder.trim()} onClick={() => void run()}>
            {create.pending ? t('pages.creating') : t('pages.create')}
          </Button>
        </div>
      </Card>
      {create.error && <ErrorNotice error={create.error} onDismiss={create.clearError} />}
      {result?.outcome === 'noCertificate' && !ready && (
        <Notice tone="warning" title={t('cli.noCertificate', { name: result.displayName, appId: result.applicationId })}>
          <Button variant="danger" disabled={create.pending} onClick={() => void run({ recreate: true })}>
            {t('pages.recreate')}
          </Button>
        </Notice>
      )}
      {result?.outcome === 'exists' && !ready && (
        <ExistingApplication existing={result} target={target} replacing={create.pending} onReady={(r) => done(t('existing.ready'), r)} onReplace={() => void run({ replace: true })} />
      )}
      {params && (
        <Card title={ready?.title ?? params.applicationName}>
          <table className="table">
            <tbody>
              <tr>
                <th scope="row">{t('pages.applicationId')}</th>
                <td className="mono">{params.applicationId}</td>
              </tr>
              <tr>
                <th scope="row">{t('pages.paramsPath')}</th>
                <td className="mono">{ready?.result.xmlPath ?? params.certificateSubject}</td>
              </tr>
            </tbody>
          </table>
          <Thumbprint value={params.certificateThumbprintSha1} />
        </Card>
      )}
      {params && <RegistryEntries key={xmlPath} subscriptionId={params.subscriptionId} xmlPath={xmlPath} {...(cloud ? { cloud } : {})} />}
    </div>
  );
}
