/** The running staging job: the shared progress bar plus compression and deduplication ratios so far. */

import { useTranslation } from 'react-i18next';
import type { Progress } from '../../../shared/progress';
import { ProgressPanel } from '../../components/ProgressPanel';
import { useFormat } from '../../hooks';

export function StagingProgress({ progress }: { progress: Progress }) {
  const { t } = useTranslation('staging');
  const f = useFormat();
  const compression = Number(progress.extra?.compressionRatio ?? 1);
  const dedup = Number(progress.extra?.dedupRatio ?? 1);
  return (
    <div>
      <ProgressPanel progress={progress} />
      <p className="field-hint">{t('pages.ratios', { compression: f.number(compression, 2), dedup: f.number(dedup, 2) })}</p>
    </div>
  );
}
