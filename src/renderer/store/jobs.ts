/** Progress of long jobs, fed by `job.progress` / `job.end` events from core. */

import { create } from 'zustand';
import type { JobEnd, Progress } from '../../shared/progress';
import { getBridge } from '../bridge';

interface JobsState {
  progress: Record<string, Progress>;
  ended: Record<string, JobEnd>;
}

export const useJobs = create<JobsState>(() => ({ progress: {}, ended: {} }));

let wired = false;

/** Subscribes once to job events; called by App on start. */
export function wireJobEvents(): void {
  if (wired) return;
  wired = true;
  const bridge = getBridge();
  bridge.subscribe('job.progress', (p) => {
    useJobs.setState((s) => ({ progress: { ...s.progress, [p.jobId]: p } }));
  });
  bridge.subscribe('job.end', (e) => {
    useJobs.setState((s) => ({ ended: { ...s.ended, [e.jobId]: e } }));
  });
}

/** The latest progress and the end (if any) of one job. */
export function useJob(jobId: string | null | undefined): { progress?: Progress; end?: JobEnd } {
  const progress = useJobs((s) => (jobId ? s.progress[jobId] : undefined));
  const end = useJobs((s) => (jobId ? s.ended[jobId] : undefined));
  return { progress, end };
}
