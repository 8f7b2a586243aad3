/**
 * The publish settings file (.publishsettings) and, when it lists several subscriptions, the choice among them: read
 * by core, it fills the subscription and the cloud. One component for both kinds of staging location.
 */

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorNotice, Field } from '../../components/ui';
import { useRequest } from '../../hooks';

export function PublishSettings({
  file,
  onFile,
  subscriptionId,
  onSubscription,
  onCloud,
}: {
  file: string;
  onFile(file: string): void;
  subscriptionId: string;
  onSubscription(id: string): void;
  onCloud(cloud: string): void;
}) {
  const { t } = useTranslation('staging');
  const id = useId();
  const publish = useRequest('staging.readPublishSettings');
  const read = async () => {
    const r = await publish.run({ file: file.trim() });
    const first = r?.subscriptions[0];
    if (r && first) {
      if (r.subscriptions.length === 1) onSubscription(first.id);
      if (first.cloud) onCloud(first.cloud);
    }
  };
  return (
    <>
      <Field label={t('pages.publishSettings')} hint={t('pages.publishSettingsHint')} value={file} onChange={(e) => onFile(e.target.value)} />
      <div className="actions-row">
        <Button disabled={!file.trim() || publish.pending} onClick={() => void read()}>
          {t('pages.readPublishSettings')}
        </Button>
      </div>
      {publish.result && publish.result.subscriptions.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-subscription`}>{t('pages.chooseSubscription')}</label>
          <select id={`${id}-subscription`} value={subscriptionId} onChange={(e) => onSubscription(e.target.value)}>
            <option value="" />
            {publish.result.subscriptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {publish.error && <ErrorNotice error={publish.error} onDismiss={publish.clearError} />}
    </>
  );
}
