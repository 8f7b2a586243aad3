/**
 * Step "drives": the judged drive list (refreshed as drives come and go), the packing plan, then "Erase and prepare
 * N drives" behind a typed confirmation naming each drive (pages/drives/EraseConfirm.tsx). Once core has started
 * the copy, the wizard moves on to the Copy step, where each drive's progress shows.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { FolderField } from '../components/FolderField';
import { Button, Card, ErrorNotice, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useKeptJob } from '../store/jobs';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { useJobField } from '../store/currentJob';
import { chosenText } from './drives/chosen';
import { DriveTable } from './drives/DriveTable';
import { EraseConfirm } from './drives/EraseConfirm';

export default function DrivesPage() {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const summary = useSession((s) => s.summary);
  const [stagingDir, setStagingDir] = useJobField('drives.stagingDir', summary.stagingLocation ?? '');
  const [folders, setFolders] = useJobField('drives.folders', '');
  const [selected, setSelected] = useJobField<string[]>('drives.selected', []);
  // The copy job this step started, kept with the wizard's job for the Copy step.
  const [copyJobId, setCopyJobId] = useJobField('copy.jobId', '');
  const [, setCopyStagingDir] = useJobField('copy.stagingDir', '');
  const [, setCopyDrives] = useJobField<string[]>('copy.drives', []);
  const [, setLabelled] = useJobField('copy.labelled', false);
  const [confirming, setConfirming] = useState(false);
  const list = useRequest('drives.list');
  const plan = useRequest('drives.plan');
  const prepare = useRequest('drives.prepare');
  const job = useKeptJob(copyJobId || null);
  const running = !!copyJobId && !job.end && !job.gone;

  const folderList = folders.split('\n').map((s) => s.trim()).filter(Boolean);
  const staging = stagingDir.trim();
  const refresh = list.run;
  // Refresh every few seconds while the list is shown and nothing runs: drives come and go. Frozen during a job.
  useEffect(() => {
    if (!staging || running) return;
    const timer = setInterval(() => void refresh({ stagingDir: staging, folders: folderList }), 5000);
    return () => clearInterval(timer);
  }, [staging, folders, running, refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  const drives = list.result?.drives ?? [];
  // A drive that vanished is deselected.
  const chosen = selected.filter((id) => drives.some((d) => d.drive.id === id));
  const chosenDrives = chosen.map((id) => drives.find((d) => d.drive.id === id)!);
  const toErase = chosenDrives.filter((d) => d.drive.kind !== 'dir' && !d.resumed);
  // Core hands these drives to the elevated helper: say beforehand that a prompt comes, for this step only.
  const elevation = list.result?.elevation;
  const prompt = elevation && chosen.some((id) => elevation.drives.includes(id)) ? elevation.prompt : null;

  const start = async (confirmations: string[]) => {
    setConfirming(false);
    useWizard.getState().setStatus('drives', 'inProgress');
    // What the plan puts on each drive gives each drive's own bar on the Copy step.
    const planned = await plan.run({ stagingDir: staging, drives: chosen });
    const r = await prepare.run({ stagingDir: staging, drives: chosen, confirmations });
    if (!r) {
      useWizard.getState().setStatus('drives', 'needsAttention');
      return;
    }
    setCopyJobId(r.jobId);
    // New drives: they still have to be labelled.
    setLabelled(false);
    setCopyStagingDir(staging);
    setCopyDrives(chosenDrives.map((d, i) => chosenText(d.drive, planned?.drives[i]?.chosen ? planned.drives[i].used : null)));
    useSession.getState().update({ stagingLocation: staging });
    useWizard.getState().setStatus('drives', 'done');
    useWizard.getState().setStatus('copy', 'inProgress');
    useWizard.getState().goTo('copy');
  };

  return (
    <div className="page-body">
      <StepIntro step="drives" />
      {running && (
        <Notice tone="info">
          {t('pages.started')}{' '}
          <Button variant="ghost" onClick={() => useWizard.getState().goTo('copy')}>
            {t('flow.progressTitle')}
          </Button>
        </Notice>
      )}
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
          <Button disabled={!staging || list.pending || running} onClick={() => void list.run({ stagingDir: staging, folders: folderList })}>
            {t('pages.refresh')}
          </Button>
        </div>
      </Card>
      {list.error && <ErrorNotice error={list.error} onDismiss={list.clearError} />}
      {list.result && (
        <Card title={t('pages.drives', { files: list.result.shippable.files, bytes: f.bytes(list.result.shippable.bytes) })}>
          <DriveTable
            drives={drives}
            selected={chosen}
            frozen={running || prepare.pending}
            onToggle={(id) => {
              plan.clearError();
              setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
            }}
          />
          <div className="actions-row">
            <Button disabled={chosen.length === 0 || plan.pending} onClick={() => void plan.run({ stagingDir: staging, drives: chosen })}>
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
      {chosen.length > 0 && prompt && <Notice tone="info">{t(prompt === 'windows' ? 'pages.elevationWindows' : 'pages.elevationSystem')}</Notice>}
      {chosen.length > 0 && (
        <div className="actions-row">
          <Button variant="secondary" disabled={prepare.pending} onClick={() => setSelected([])}>
            {t('pages.cancel')}
          </Button>
          <Button
            variant={toErase.length ? 'danger' : 'primary'}
            disabled={prepare.pending || running}
            onClick={() => (toErase.length ? setConfirming(true) : void start([]))}
          >
            {toErase.length ? t('flow.eraseAndPrepare', { count: chosen.length }) : t('flow.prepare', { count: chosen.length })}
          </Button>
        </div>
      )}
      {confirming && <EraseConfirm drives={toErase} onCancel={() => setConfirming(false)} onConfirm={(typed) => void start(typed)} />}
      {prepare.error && <ErrorNotice error={prepare.error} onDismiss={prepare.clearError} />}
    </div>
  );
}
