/** The manual path as a checklist: the exported .cer, the thumbprint, the portal page, and a check that Graph sees the upload. */

import { useTranslation } from 'react-i18next';
import { ExternalLink, RefreshCw } from 'lucide-react';
import type { RequestResult } from '../../../shared/contract';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useWizard } from '../../store/wizard';
import { Thumbprint } from './Thumbprint';

type Manual = Extract<RequestResult<'certificate.create'>, { outcome: 'manual' }>['manual'];

export function ManualUpload({ manual, folder, cloud }: { manual: Manual; folder: string; cloud?: string }) {
  const { t } = useTranslation('certificate');
  const portal = useRequest('certificate.openPortal');
  const check = useRequest('certificate.checkUpload');
  const fileName = manual.cerPath.split(/[\\/]/).pop() ?? manual.cerPath;
  const verify = async () => {
    const r = await check.run({ folder, ...(cloud ? { cloud } : {}) });
    if (r?.seen) useWizard.getState().setStatus('certificate', 'done');
  };
  return (
    <Card title={t('manual.title')}>
      <ol className="checklist">
        <li>{t('manual.step1', { path: manual.cerPath })}</li>
        <li>
          {t('manual.step2', { url: manual.portalUrl })}{' '}
          <Button onClick={() => void portal.run({ applicationId: manual.applicationId, ...(cloud ? { cloud } : {}) })}>
            <ExternalLink size={16} aria-hidden /> {t('pages.openPortal')}
          </Button>
        </li>
        <li>{t('manual.step3', { file: fileName })}</li>
        <li>{t('manual.step4')}</li>
      </ol>
      <Thumbprint value={manual.thumbprint} />
      <div className="actions-row">
        <Button variant="primary" disabled={check.pending} onClick={() => void verify()}>
          <RefreshCw size={16} aria-hidden /> {t('pages.checkUpload')}
        </Button>
      </div>
      {portal.error && <ErrorNotice error={portal.error} onDismiss={portal.clearError} />}
      {check.error && <ErrorNotice error={check.error} onDismiss={check.clearError} />}
      {check.result && !check.result.seen && <Notice tone="warning">{t('pages.uploadPending')}</Notice>}
      {check.result?.seen && (
        <Notice tone="success">
          {t('cli.uploadSeen', { thumbprint: manual.thumbprint })} {t('cli.paramsWritten', { path: check.result.xmlPath ?? '' })}
        </Notice>
      )}
    </Card>
  );
}
