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

export interface EmulatorContext {
  store: StateStore;
  tokens: TokenService;
  /** https://127.0.0.1:PORT of the emulator (authority, ARM and Graph share it). */
  baseUrl(): string;
  blobEndpoint(): string;
  faults: Faults | null;
}
