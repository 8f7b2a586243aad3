/** What every route of the local Azure shares: state, token signer, its own URLs and the fault switch. */

import type { StateStore } from './state';
import type { TokenService } from './tokens';

export const audiences = {
  resourceManager: 'https://management.azure.com',
  resourceManagerLegacy: 'https://management.core.windows.net/',
  graph: 'https://graph.microsoft.com',
  graphAppId: '00000003-0000-0000-c000-000000000000',
} as const;

export interface Faults {
  rate: number;
  statuses: number[];
  /**
   * Which requests fail: ARM's (the default), or Graph's writes (PATCH, POST, DELETE), e.g. a 403 when the directory
   * refuses to change an application. Ours, for rehearsing refusals.
   */
  target?: 'arm' | 'graphWrites';
}

/**
 * Faults as the local Azure keeps them (the target only when it is not ARM), or null for none (null, or a rate of 0);
 * one sentence for faults it cannot inject: a rate outside 0–1, statuses other than HTTP error codes, another target.
 * The one reading of faults for the programmatic switch and the control endpoint.
 */
export function readFaults(f: unknown): { faults: Faults | null } | { error: string } {
  if (f === null || f === undefined) return { faults: null };
  if (typeof f !== 'object' || Array.isArray(f)) return { error: 'faults must be an object with rate, statuses and an optional target, or null.' };
  const { rate, statuses = [500], target } = f as Record<string, unknown>;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return { error: 'faults.rate must be a number from 0 to 1.' };
  if (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
    return { error: 'faults.statuses must be a list of HTTP error statuses (400 to 599).' };
  }
  if (target !== undefined && target !== 'arm' && target !== 'graphWrites') return { error: "faults.target must be 'arm' or 'graphWrites'." };
  if (rate === 0) return { faults: null };
  return { faults: { rate, statuses: [...(statuses as number[])], ...(target === 'graphWrites' ? { target } : {}) } };
}

/** The status to fail a request of `target` with: one of the faults' statuses, at their rate; null when not injected. */
export function injectedStatus(faults: Faults | null, target: NonNullable<Faults['target']>): number | null {
  if (!faults || (faults.target ?? 'arm') !== target || Math.random() >= faults.rate) return null;
  return faults.statuses[Math.floor(Math.random() * faults.statuses.length)]!;
}

export interface EmulatorContext {
  store: StateStore;
  tokens: TokenService;
  /** https://127.0.0.1:PORT of the emulator (authority, ARM and Graph share it). */
  baseUrl(): string;
  blobEndpoint(): string;
  faults: Faults | null;
}
