/**
 * This computer's certificate onto the existing application. In a local rehearsal the local Azure takes it from the
 * page; in a public cloud, the checklist (the exported .cer, the portal page, the thumbprint) and a check that
 * succeeds once Graph shows the key.
 */

import { useTranslation } from 'react-i18next';
import { ExternalLink, RefreshCw, Upload } from 'lucide-react';
import type { RequestArg, RequestResult } from '../../../shared/contract';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import type { Ready } from '../CertificatePage';
import { Thumbprint } from './Thumbprint';

type Manual = RequestResult<'certificate.prepareUpload'>['manual'];

export function ManualUpload({ manual, canUploadHere, target, onReady }: { manual: Manual; canUploadHere: boolean; target: RequestArg<'certificate.checkUpload'>; onReady(r: Ready): void }) {
  const { t } = useTranslation('certificate');
  const portal = useRequest('certificate.openPortal');
  const check = useRequest('certificate.checkUpload');
  const upload = useRequest('certificate.upload');
  const fileName = manual.cerPath.split(/[\\/]/).pop() ?? manual.cerPath;
  const verify = async () => {
    const r = await check.run(target);
    if (r?.seen && r.xmlPath && r.params) onReady({ xmlPath: r.xmlPath, params: r.params });
  };
  if (canUploadHere) {
    return (
      <Card title={t('existing.upload')}>
        <p>{t('existing.uploadLocal')}</p>
        <Thumbprint value={manual.thumbprint} />
        <div className="actions-row">
          <Button
            variant="primary"
            disabled={upload.pending}
            onClick={() =>
              void upload.run(target).then((r) => {
                if (r) onReady(r);
              })
            }
          >
            <Upload size={16} aria-hidden /> {t('existing.uploadNow')}
          </Button>
        </div>
        {upload.error && <ErrorNotice error={upload.error} onDismiss={upload.clearError} />}
      </Card>
    );
  }
  const cloud = target.cloud;
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
      {check.result?.seen && <Notice tone="success">{t('cli.uploadSeen', { thumbprint: manual.thumbprint })}</Notice>}
    </Card>
  );
}
