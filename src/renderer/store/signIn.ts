/**
 * What the sign-in page last learnt from core, kept while the app runs: the sign-in state per cloud and the local
 * rehearsal's facts. Coming back to the page shows them from its first paint (core is asked again behind them), and
 * "Starting the local Azure…" shows only while core really starts one (the `azure.localStarting` event).
 */

import { create } from 'zustand';
import type { RequestResult } from '../../shared/contract';
import { getBridge } from '../bridge';

export type SignInState = RequestResult<'azure.status'>;
export type LocalRehearsal = RequestResult<'azure.startLocalRehearsal'>;

interface SignInStore {
  /** The last state core reported, by the cloud the request carried ('' = the default cloud). */
  states: Record<string, SignInState>;
  /** The local Azure of a rehearsal, once core has handed it back (it runs as long as the app does). */
  local: LocalRehearsal | null;
  /** Core said it is starting the local Azure, and has not answered yet. */
  localStarting: boolean;
}

export const useSignIn = create<SignInStore>(() => ({ states: {}, local: null, localStarting: false }));

export function rememberSignIn(cloud: string, state: SignInState | null): void {
  if (state) useSignIn.setState((s) => ({ states: { ...s.states, [cloud]: state } }));
}

export function rememberLocal(local: LocalRehearsal | null): void {
  useSignIn.setState(local ? { local, localStarting: false } : { localStarting: false });
}

let wired = false;

/** Listens once for core starting the local Azure. */
export function wireSignInEvents(): void {
  if (wired) return;
  wired = true;
  getBridge().subscribe('azure.localStarting', () => useSignIn.setState({ localStarting: true }));
}
