/** Progress of long jobs, fed by `job.progress` / `job.end` events from core. */

import { useEffect, useState } from 'react';
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

/**
 * A job whose id was kept with the wizard's job (a step left and come back to, a reload): its progress when it still
 * runs (asked once from core, events follow), and whether it is gone (ended while no page listened, or before a
 * restart) so the page shows what it recorded instead of waiting for an end that will not come.
 */
export function useKeptJob(jobId: string | null | undefined): { progress?: Progress; end?: JobEnd; gone: boolean } {
  const job = useJob(jobId);
  const [goneId, setGoneId] = useState<string | null>(null);
  const known = !!job.progress || !!job.end;
  useEffect(() => {
    if (!jobId || known) return;
    let live = true;
    void getBridge()
      .invoke('jobs.list', {})
      .then((r) => {
        if (!live) return;
        const p = r.running.find((x) => x.jobId === jobId);
        if (p) useJobs.setState((s) => ({ progress: { [jobId]: p, ...s.progress } }));
        else if (!useJobs.getState().ended[jobId]) setGoneId(jobId);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // Asked once per job id: later news comes as events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);
  return { ...job, gone: !!jobId && goneId === jobId && !job.end };
}
