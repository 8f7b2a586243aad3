/** The nine wizard steps (docs/architecture.md), in order, with their icons. Pages are attached in App.tsx. */

import type { LucideIcon } from 'lucide-react';
import { CheckCircle2, Cloud, FileKey2, FolderArchive, HardDrive, Copy, PackageCheck, Truck, Activity } from 'lucide-react';
import type { StepId } from '../shared/errors';

export interface StepMeta {
  id: StepId;
  icon: LucideIcon;
  /** Keys under `app:steps.<id>.needs` listing what the operator must have at hand. */
  needs: string[];
}

export const steps: StepMeta[] = [
  { id: 'signIn', icon: Cloud, needs: ['cloud', 'account'] },
  { id: 'certificate', icon: FileKey2, needs: ['subscription', 'storageAccount'] },
  { id: 'staging', icon: FolderArchive, needs: ['location', 'names', 'sources'] },
  { id: 'drives', icon: HardDrive, needs: ['drives', 'admin'] },
  { id: 'copy', icon: Copy, needs: ['spare'] },
  { id: 'importJob', icon: PackageCheck, needs: ['permission'] },
  { id: 'shipping', icon: Truck, needs: ['carrier', 'returnAddress'] },
  { id: 'monitor', icon: Activity, needs: ['where'] },
  { id: 'complete', icon: CheckCircle2, needs: ['folder'] },
];
