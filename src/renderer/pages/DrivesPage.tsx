/** Step "drives": the judged drive list (refreshed as drives come and go), the packing plan, the erase confirmation and the start. */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useJob } from '../store/jobs';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { DriveTable } from './drives/DriveTable';
import { useDrives } from './drives/store';
import { useJobField } from '../store/currentJob';
import { FolderField } from '../components/FolderField';

export default function DrivesPage() {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const summary = useSession((s) => s.summary);
  const { jobId, set } = useDrives();
  const [stagingDir, setStagingDir] = useState(useDrives.getState().stagingDir || summary.stagingLocation || '');
  const [folders, setFolders] = useJobField('drives.folders', '');
  const [selected, setSelected] = useJobField<string[]>('drives.selected', []);
  const [confirmations, setConfirmations] = useState<Record<string, string>>({});
  const list = useRequest('drives.list');
  const plan = useRequest('drives.plan');
  const prepare = useRequest('drives.prepare');
  const job = useJob(jobId);
  const running = !!jobId && !job.end;

  const folderList = folders.split('\n').map((s) => s.trim()).filter(Boolean);
  const refresh = list.run;
  // Refresh every few seconds while the list is shown and nothing runs: drives come and go. Frozen during a job.
  useEffect(() => {
    if (!stagingDir.trim() || running) return;
    const timer = setInterval(() => void refresh({ stagingDir: stagingDir.trim(), folders: folderList }), 5000);
    return () => clearInterval(timer);
  }, [stagingDir, folders, running, refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  const drives = list.result?.drives ?? [];
  // A drive that vanished is deselected.
  const chosen = selected.filter((id) => drives.some((d) => d.drive.id === id));

  const toErase = drives.filter((d) => chosen.includes(d.drive.id) && d.drive.kind !== 'dir' && !d.resumed);
  const confirmed = toErase.every((d) => (confirmations[d.drive.id] ?? '').trim().toUpperCase() === d.drive.id.toUpperCase());

  const start = async () => {
    useWizard.getState().setStatus('drives', 'inProgress');
    const r = await prepare.run({ stagingDir: stagingDir.trim(), drives: chosen, confirmations: Object.values(confirmations) });
    if (r) {
      set({ jobId: r.jobId, stagingDir: stagingDir.trim() });
      useWizard.getState().setStatus('drives', 'done');
      useWizard.getState().setStatus('copy', 'inProgress');
    } else useWizard.getState().setStatus('drives', 'needsAttention');
  };

  return (
    <div className="page-body">
      <StepIntro step="drives" />
      <Card>
        <div className="form-grid">
          <FolderField label={t('pages.stagingLocation')} value={stagingDir} onChange={setStagingDir} />
          <div className="field">
            <label htmlFor="drives-folders">{t('pages.folders')}</label>
            <textarea id="drives-folders" rows={2} value={folders} aria-describedby="drives-folders-hint" onChange={(e) => setFolders(e.target.value)} />
            <p className="field-hint" id="drives-folders-hint">
              {t('pages.foldersHint')}
            </p>
          </div>
        </div>
        <div className="actions-row">
          <Button disabled={!stagingDir.trim() || list.pending || running} onClick={() => void list.run({ stagingDir: stagingDir.trim(), folders: folderList })}>
            {t('pages.refresh')}
          </Button>
        </div>
      </Card>
      {list.error && <ErrorNotice error={list.error} onDismiss={list.clearError} />}
      {list.result && (
        <Card title={t('pages.drives', { files: list.result.shippable.files, bytes: f.bytes(list.result.shippable.bytes) })}>
          <DriveTable drives={drives} selected={chosen} frozen={running} onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))} />
          <div className="actions-row">
            <Button disabled={chosen.length === 0 || plan.pending} onClick={() => void plan.run({ stagingDir: stagingDir.trim(), drives: chosen })}>
              {t('pages.showPlan')}
            </Button>
          </div>
          {plan.result && (
            <Notice tone={plan.result.unplaceable.length ? 'error' : plan.result.driveCount > chosen.length ? 'warning' : 'info'}>
              {t('cli.plan', { files: list.result.shippable.files, bytes: f.bytes(plan.result.totalBytes), count: plan.result.driveCount, given: chosen.length })}
              {plan.result.jobCount > 1 && ` ${t('cli.severalJobs', { count: plan.result.jobCount })}`}
            </Notice>
          )}
          {plan.error && <ErrorNotice error={plan.error} onDismiss={plan.clearError} />}
        </Card>
      )}
      {toErase.length > 0 && (
        <Card title={t('cli.eraseWarning')}>
          {toErase.map(({ drive }) => (
            <div key={drive.id}>
              <p>
                <strong className="mono">{drive.id}</strong> {drive.model} · {f.bytes(drive.sizeBytes)} · {drive.bus} ·{' '}
                {drive.volumes.map((v) => [v.mountPoints.join(' '), v.label, v.fsType].filter(Boolean).join(' ')).join('; ') || t('cli.noVolumes')}
              </p>
              <Field label={t('pages.typeToErase', { drive: drive.id })} value={confirmations[drive.id] ?? ''} autoComplete="off" onChange={(e) => setConfirmations({ ...confirmations, [drive.id]: e.target.value })} />
            </div>
          ))}
        </Card>
      )}
      {chosen.length > 0 && (
        <div className="actions-row">
          <Button variant="secondary" onClick={() => setSelected([])}>
            {t('pages.cancel')}
          </Button>
          <Button variant={toErase.length ? 'danger' : 'primary'} disabled={!confirmed || prepare.pending || running} onClick={() => void start()}>
            {toErase.length ? t('pages.eraseAndCopy', { count: toErase.length }) : t('pages.copy')}
          </Button>
        </div>
      )}
      {prepare.error && <ErrorNotice error={prepare.error} onDismiss={prepare.clearError} />}
      {jobId && <Notice tone="info">{t('pages.started')}</Notice>}
    </div>
  );
}
