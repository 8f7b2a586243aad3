/** The drive step's slice: the running preparation job, shared by the Drives and Copy pages. */

import { create } from 'zustand';

interface DrivesState {
  stagingDir: string;
  jobId: string | null;
  set(patch: Partial<Pick<DrivesState, 'stagingDir' | 'jobId'>>): void;
}

export const useDrives = create<DrivesState>((set) => ({
  stagingDir: '',
  jobId: null,
  set: (patch) => set(patch),
}));
