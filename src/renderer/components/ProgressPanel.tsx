/** A long job's progress: phase, bar, bytes, speed, ETA, current item, and Cancel. */

import { useTranslation } from 'react-i18next';
import type { Progress } from '../../shared/progress';
import { getBridge } from '../bridge';
import { useFormat } from '../hooks';
import { Button } from './ui';

export function ProgressPanel({ progress, label, cancellable = true }: { progress: Progress; label?: string; cancellable?: boolean }) {
  const { t } = useTranslation(['app', 'cli']);
  const f = useFormat();
  const fraction = progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
  const phase = t(`cli:phases.${progress.phase}`);
  return (
    <div className="progress-panel">
      <div className="progress-head">
        <span className="progress-phase">{label ?? phase}</span>
        <span className="progress-percent">{f.percent(fraction)}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label ?? phase}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="progress-stats">
        <span>
          {f.bytes(progress.bytesDone)} / {f.bytes(progress.bytesTotal)}
        </span>
        <span>{f.speed(progress.bytesPerSecond)}</span>
        <span>
          {t('cli:progress.eta')} {f.duration(progress.etaSeconds)}
        </span>
        {progress.current && <span className="progress-current">{progress.current}</span>}
      </div>
      {cancellable && (
        <Button variant="secondary" onClick={() => void getBridge().invoke('jobs.cancel', { jobId: progress.jobId })}>
          {t('app:actions.cancel')}
        </Button>
      )}
    </div>
  );
}
