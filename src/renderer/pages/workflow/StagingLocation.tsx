/** The staging location the workflow pages work on: taken from the session, or typed (another machine, helpdesk). */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../../bridge';
import { useSession } from '../../store/session';
import { Button } from '../../components/ui';
import { FolderField } from '../../components/FolderField';

export function StagingLocation({ onUse }: { onUse?(dir: string): void }) {
  const { t } = useTranslation('workflow');
  const current = useSession((s) => s.summary.stagingLocation) ?? '';
  const [value, setValue] = useState(current);
  const use = async () => {
    const dir = value.trim();
    if (!dir) return;
    // The Session panel then shows this location's own job, not a mix with the one before.
    const known = await getBridge()
      .invoke('wizardJobs.stagingSummary', { stagingDir: dir })
      .then((r) => r.summary)
      .catch(() => ({}));
    useSession.getState().update({ ...known, stagingLocation: dir });
    onUse?.(dir);
  };
  return (
    <form
      className="actions-row"
      style={{ alignItems: 'center' }}
      onSubmit={(e) => {
        e.preventDefault();
        void use();
      }}
    >
      <FolderField label={t('pages.common.staging')} hint={t('pages.common.stagingHint')} value={value} onChange={setValue} />
      <Button type="submit" variant="secondary" disabled={!value.trim()}>
        {t('pages.common.use')}
      </Button>
    </form>
  );
}
