/**
 * The application exists with certificates (nothing was changed in Azure): "Use it" when this computer holds the key
 * of one of them, "Upload this computer's certificate" (from the page in a local rehearsal, through the portal
 * otherwise), and, kept apart as advanced, "Replace the application" after an explicit acknowledgement.
 */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestArg, RequestResult } from '../../../shared/contract';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import type { Ready } from '../CertificatePage';
import { ManualUpload } from './ManualUpload';
import './certificate.css';

type Exists = Extract<RequestResult<'certificate.create'>, { outcome: 'exists' }>;

export function ExistingApplication({
  existing,
  target,
  replacing,
  onReady,
  onReplace,
}: {
  existing: Exists;
  target: RequestArg<'certificate.useExisting'>;
  replacing: boolean;
  onReady(r: Ready): void;
  onReplace(): void;
}) {
  const { t } = useTranslation('certificate');
  const [understood, setUnderstood] = useState(false);
  const use = useRequest('certificate.useExisting');
  const prepare = useRequest('certificate.prepareUpload');
  const busy = use.pending || prepare.pending || replacing;
  return (
    <>
      <Card title={t('existing.title', { name: existing.displayName })}>
        <p>{t('existing.certificates', { count: existing.keyCount })}</p>
        {existing.thisMachine ? (
          <Notice tone="success">{t('existing.thisMachine', { thumbprint: existing.thisMachine })}</Notice>
        ) : (
          <Notice tone="info">{t('existing.otherMachine')}</Notice>
        )}
        <div className="actions-row">
          {existing.thisMachine && (
            <Button
              variant="primary"
              disabled={busy}
              onClick={() =>
                void use.run(target).then((r) => {
                  if (r) onReady(r);
                })
              }
            >
              {t('existing.useIt')}
            </Button>
          )}
          <Button variant={existing.thisMachine ? 'secondary' : 'primary'} disabled={busy} onClick={() => void prepare.run(target)}>
            {t('existing.upload')}
          </Button>
        </div>
        {use.error && <ErrorNotice error={use.error} onDismiss={use.clearError} />}
        {prepare.error && <ErrorNotice error={prepare.error} onDismiss={prepare.clearError} />}
        <details className="advanced">
          <summary>{t('existing.advanced')}</summary>
          <Notice tone="warning">{t('existing.replaceWarning', { name: existing.displayName })}</Notice>
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> {t('existing.replaceConfirm')}
          </label>
          <div className="actions-row">
            <Button variant="danger" disabled={!understood || busy} onClick={onReplace}>
              {t('existing.replace')}
            </Button>
          </div>
        </details>
      </Card>
      {prepare.result && <ManualUpload manual={prepare.result.manual} canUploadHere={prepare.result.canUploadHere} target={target} onReady={onReady} />}
    </>
  );
}
