/** The nine wizard steps (docs/architecture.md), in order, with their icons. Pages are attached in App.tsx. */

import type { LucideIcon } from 'lucide-react';
import { CheckCircle2, Cloud, FileKey2, FolderArchive, HardDrive, Copy, PackageCheck, Truck, Activity } from 'lucide-react';
import type { StepId } from '../shared/errors';
import type { KeyIn } from '../shared/i18n';

export interface StepMeta {
  id: StepId;
  icon: LucideIcon;
  /** Keys (namespace `app`) of what the operator must have at hand, `steps.<id>.needs.<thing>`. */
  needs: Array<Extract<KeyIn<'app'>, `steps.${string}.needs.${string}`>>;
}

export const steps: StepMeta[] = [
  { id: 'signIn', icon: Cloud, needs: ['steps.signIn.needs.cloud', 'steps.signIn.needs.account'] },
  { id: 'certificate', icon: FileKey2, needs: ['steps.certificate.needs.subscription', 'steps.certificate.needs.storageAccount'] },
  { id: 'staging', icon: FolderArchive, needs: ['steps.staging.needs.location', 'steps.staging.needs.names', 'steps.staging.needs.sources'] },
  { id: 'drives', icon: HardDrive, needs: ['steps.drives.needs.drives', 'steps.drives.needs.admin'] },
  { id: 'copy', icon: Copy, needs: ['steps.copy.needs.spare'] },
  { id: 'importJob', icon: PackageCheck, needs: ['steps.importJob.needs.permission'] },
  { id: 'shipping', icon: Truck, needs: ['steps.shipping.needs.carrier', 'steps.shipping.needs.returnAddress'] },
  { id: 'monitor', icon: Activity, needs: ['steps.monitor.needs.where'] },
  { id: 'complete', icon: CheckCircle2, needs: ['steps.complete.needs.folder'] },
];
