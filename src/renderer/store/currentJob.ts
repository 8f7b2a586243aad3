/**
 * The wizard's current job (src/shared/model/wizardJob.ts), kept by core in the app's data folder: the Session
 * panel (store/session.ts), the step status (store/wizard.ts) and every step's fields follow it, and every change
 * is saved, so a reload or a restart comes back to the same job. "New job" and the recent list switch it.
 */

import { useCallback } from 'react';
import { create } from 'zustand';
import type { FieldValue, RecentJob, StepStatus, WizardJob } from '../../shared/model/wizardJob';
import { stepIds, type StepId } from '../../shared/errors';
import { getBridge } from '../bridge';
import { useSession } from './session';
import { useWizard } from './wizard';

interface CurrentJobState {
  /** null until core has answered. */
  id: string | null;
  /** Core has answered (or cannot be reached): the pages may show. */
  ready: boolean;
  recent: RecentJob[];
  fields: Record<string, FieldValue>;
}

export const useCurrentJob = create<CurrentJobState>(() => ({ id: null, ready: false, recent: [], fields: {} }));

const notStarted = Object.fromEntries(stepIds.map((s) => [s, 'notStarted'])) as Record<StepId, StepStatus>;

let applying = false;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let started = false;

function apply(r: { job: WizardJob; recent: RecentJob[] }, goToSavedStep: boolean): void {
  applying = true;
  try {
    useSession.setState({ summary: { ...r.job.summary } });
    useWizard.setState({ status: { ...notStarted, ...r.job.status } });
    useCurrentJob.setState({ id: r.job.id, ready: true, recent: r.recent, fields: { ...r.job.fields } });
    if (goToSavedStep) useWizard.getState().goTo(r.job.step);
  } finally {
    applying = false;
  }
}

function change() {
  const { summary } = useSession.getState();
  const { status, current } = useWizard.getState();
  const { fields } = useCurrentJob.getState();
  return { summary, status, fields, step: current };
}

/** Saves the current job now (a pending save included). */
export async function saveNow(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const id = useCurrentJob.getState().id;
  if (!id) return;
  await getBridge()
    .invoke('wizardJobs.save', { id, change: change() })
    .catch(() => undefined);
}

function scheduleSave(delayMs: number): void {
  if (applying || !useCurrentJob.getState().id) return;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveNow(), delayMs);
}

/** Loads the current job once (App calls it on start) and saves every later change. */
export function startCurrentJob(): void {
  if (started) return;
  started = true;
  const stepInAddress = /^#\/?\w/.test(location.hash);
  void getBridge()
    .invoke('wizardJobs.current', {})
    .then((r) => apply(r, !stepInAddress))
    .catch(() => useCurrentJob.setState({ id: null, ready: true }));
  // Choices and statuses are saved at once; typing is saved when it pauses.
  useSession.subscribe(() => scheduleSave(0));
  useWizard.subscribe((s, prev) => scheduleSave(s.status !== prev.status ? 0 : 300));
  useCurrentJob.subscribe((s, prev) => {
    if (s.fields !== prev.fields) scheduleSave(300);
  });
  window.addEventListener('pagehide', () => void saveNow());
}

/** Set on a new job until its route is chosen: step 1 says the last job's route is preselected. */
export const routeFromLastJobField = 'signIn.routeFromLastJob';

/**
 * Starts a new job (core keeps the cloud, the account, sign-in, certificate and the last route) and shows step 1,
 * where its route is asked again.
 */
export async function startNewJob(): Promise<void> {
  await saveNow();
  apply(await getBridge().invoke('wizardJobs.new', {}), true);
  useCurrentJob.setState((s) => ({ fields: { ...s.fields, [routeFromLastJobField]: true } }));
}

/** Makes a recent job the current one and shows the step it was left on. */
export async function switchJob(id: string): Promise<void> {
  await saveNow();
  apply(await getBridge().invoke('wizardJobs.switch', { id }), true);
}

function sameKind(a: FieldValue, b: FieldValue): boolean {
  return Array.isArray(a) ? Array.isArray(b) : typeof a === typeof b;
}

/** A field's type from its initial value: text, a yes/no choice or a list. */
type FieldOf<T extends FieldValue> = T extends string ? string : T extends boolean ? boolean : string[];

/**
 * A field of the current job, like useState: `key` is `<step>.<field>`; the value is saved with the job and comes
 * back after a reload, a restart or a switch back to this job.
 */
export function useJobField<T extends FieldValue>(
  key: `${StepId}.${string}`,
  initial: T,
): [FieldOf<T>, (value: FieldOf<T> | ((previous: FieldOf<T>) => FieldOf<T>)) => void] {
  const read = (v: FieldValue | undefined): FieldOf<T> => (v !== undefined && sameKind(v, initial) ? v : initial) as FieldOf<T>;
  const value = read(useCurrentJob((s) => s.fields[key]));
  const set = useCallback(
    (next: FieldOf<T> | ((previous: FieldOf<T>) => FieldOf<T>)) =>
      useCurrentJob.setState((s) => ({ fields: { ...s.fields, [key]: typeof next === 'function' ? next(read(s.fields[key])) : next } })),
    // `initial` only matters while nothing is stored; the setter keeps one identity per field.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  return [value, set];
}
