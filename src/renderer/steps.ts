/**
 * The wizard's steps (docs/architecture.md), in order, with their icons: the nine of the Import/Export route, and the
 * Data Box route's (step 1, then its own eight). Pages are attached in App.tsx.
 */

import type { LucideIcon } from 'lucide-react';
import { CheckCircle2, Cloud, FileKey2, FolderArchive, HardDrive, Copy, PackageCheck, Truck, Activity, ClipboardCheck, ShoppingCart, MapPinned, KeyRound, Bot, FileSearch, Trash2 } from 'lucide-react';
import type { StepId } from '../shared/errors';
import type { KeyIn } from '../shared/i18n';
import { routeStepIds, type Route } from '../shared/model/wizardJob';

export interface StepMeta {
  id: StepId;
  icon: LucideIcon;
  /** Keys (namespace `app`) of what the operator must have at hand, `steps.<id>.needs.<thing>`. */
  needs: Array<Extract<KeyIn<'app'>, `steps.${string}.needs.${string}`>>;
}

const meta: Record<StepId, StepMeta> = Object.fromEntries(
  (
    [
      { id: 'signIn', icon: Cloud, needs: ['steps.signIn.needs.cloud', 'steps.signIn.needs.account'] },
      { id: 'certificate', icon: FileKey2, needs: ['steps.certificate.needs.subscription', 'steps.certificate.needs.storageAccount'] },
      { id: 'staging', icon: FolderArchive, needs: ['steps.staging.needs.location', 'steps.staging.needs.names', 'steps.staging.needs.sources'] },
      { id: 'drives', icon: HardDrive, needs: ['steps.drives.needs.drives', 'steps.drives.needs.admin'] },
      { id: 'copy', icon: Copy, needs: ['steps.copy.needs.spare'] },
      { id: 'importJob', icon: PackageCheck, needs: ['steps.importJob.needs.permission'] },
      { id: 'shipping', icon: Truck, needs: ['steps.shipping.needs.carrier', 'steps.shipping.needs.returnAddress'] },
      { id: 'monitor', icon: Activity, needs: ['steps.monitor.needs.where'] },
      { id: 'complete', icon: CheckCircle2, needs: ['steps.complete.needs.folder'] },
      { id: 'dataBoxReadiness', icon: ClipboardCheck, needs: ['steps.dataBoxReadiness.needs.owner', 'steps.dataBoxReadiness.needs.account', 'steps.dataBoxReadiness.needs.size'] },
      { id: 'dataBoxOrder', icon: ShoppingCart, needs: ['steps.dataBoxOrder.needs.contact', 'steps.dataBoxOrder.needs.address'] },
      { id: 'dataBoxTrack', icon: MapPinned, needs: ['steps.dataBoxTrack.needs.order'] },
      { id: 'dataBoxDisks', icon: KeyRound, needs: ['steps.dataBoxDisks.needs.disks', 'steps.dataBoxDisks.needs.tool'] },
      { id: 'dataBoxAgent', icon: Bot, needs: ['steps.dataBoxAgent.needs.agent', 'steps.dataBoxAgent.needs.owner'] },
      { id: 'dataBoxReturn', icon: Truck, needs: ['steps.dataBoxReturn.needs.label', 'steps.dataBoxReturn.needs.carrier'] },
      { id: 'dataBoxLogs', icon: FileSearch, needs: ['steps.dataBoxLogs.needs.order'] },
      { id: 'dataBoxCleanup', icon: Trash2, needs: ['steps.dataBoxCleanup.needs.backup'] },
    ] satisfies StepMeta[]
  ).map((m) => [m.id, m]),
) as Record<StepId, StepMeta>;

/** The Import/Export route (older agents), in the order of src/shared/model/wizardJob.ts `routeStepIds`. */
export const steps: StepMeta[] = routeStepIds.importExport.map((id) => meta[id]);

/** The Data Box route (current agents): sign-in, then the order's steps; the agent itself writes onto the disk. */
export const dataBoxSteps: StepMeta[] = routeStepIds.dataBox.map((id) => meta[id]);

export type { Route } from '../shared/model/wizardJob';

/**
 * The steps of a route (Import/Export when none was chosen); when `current` belongs only to the other route (a link
 * to one of its steps), that route's steps, so the sidebar always shows the step on screen.
 */
export function routeSteps(route: Route | undefined, current?: StepId): StepMeta[] {
  const chosen = route === 'dataBox' ? dataBoxSteps : steps;
  if (!current || chosen.some((s) => s.id === current)) return chosen;
  return chosen === steps ? dataBoxSteps : steps;
}

/** Every step of every route, for looking one up by id. */
export const allSteps: StepMeta[] = [...steps, ...dataBoxSteps.slice(1)];
