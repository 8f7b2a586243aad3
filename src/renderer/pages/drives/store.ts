/**
 * The drive step's progress per drive, for the Copy page's rows (folded by drives/driveProgress.ts), kept per job id
 * (several jobs never mix) and fed from the job events whichever page is shown.
 */

import { create } from 'zustand';
import { useJobs } from '../../store/jobs';
import { emptyDrives, foldProgress, type JobDrives } from './driveProgress';

export type { DriveRow } from './driveProgress';

export const useDriveProgress = create<{ byJob: Record<string, JobDrives> }>(() => ({ byJob: {} }));

// Fed from every copy job's progress, from the moment this module loads (with the wizard), not only while a page shows.
useJobs.subscribe((s, prev) => {
  if (s.progress === prev.progress) return;
  for (const [jobId, p] of Object.entries(s.progress)) {
    if (p === prev.progress[jobId] || p.kind !== 'copy') continue;
    useDriveProgress.setState((d) => ({ byJob: { ...d.byJob, [jobId]: foldProgress(d.byJob[jobId] ?? emptyDrives(), p) } }));
  }
});

/** The rows of one copy job (empty until its first report). */
export function useDriveRows(jobId: string | null): JobDrives {
  return useDriveProgress((s) => (jobId ? s.byJob[jobId] : undefined)) ?? emptyRows;
}
const emptyRows = emptyDrives();
