/** What the operator has chosen so far, shown in the session summary panel. Pages fill it as steps complete. */

import { create } from 'zustand';

export interface SessionSummary {
  /** 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'local' */
  cloud?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  storageAccount?: string;
  container?: string;
  importJobName?: string;
  stagingLocation?: string;
  /** Who wrote the staging location: the backup agent (shipped as it is) or Offline Seed (its own format). */
  stagingKind?: 'agent' | 'offlineSeed';
  driveCount?: number;
  /** The route chosen on step 1 (src/shared/model/wizardJob.ts); absent = Import/Export. */
  route?: 'importExport' | 'dataBox';
  /** The Data Box order's name (Data Box route). */
  dataBoxOrder?: string;
}

interface SessionState {
  summary: SessionSummary;
  update(patch: Partial<SessionSummary>): void;
  reset(): void;
}

export const useSession = create<SessionState>((set) => ({
  summary: {},
  update(patch) {
    set((s) => ({ summary: { ...s.summary, ...patch } }));
  },
  reset() {
    set({ summary: {} });
  },
}));
