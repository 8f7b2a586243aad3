/** Which step is shown and how far each step has got. */

import { create } from 'zustand';
import type { StepId } from '../../shared/errors';
import type { StepStatus } from '../../shared/model/wizardJob';
import { allSteps, routeSteps, type StepMeta } from '../steps';
import { useSession } from './session';

export type { StepStatus };

interface WizardState {
  current: StepId;
  status: Record<StepId, StepStatus>;
  goTo(step: StepId): void;
  next(): void;
  back(): void;
  setStatus(step: StepId, status: StepStatus): void;
}

const initialStatus = Object.fromEntries(allSteps.map((s) => [s.id, 'notStarted'])) as Record<StepId, StepStatus>;

function stepFromHash(): StepId {
  const id = location.hash.replace(/^#\/?/, '');
  return allSteps.some((s) => s.id === id) ? (id as StepId) : 'signIn';
}

/** The steps of the route chosen on step 1. */
function currentSteps(): StepMeta[] {
  return routeSteps(useSession.getState().summary.route, useWizard.getState().current);
}

/** The steps of the route chosen on step 1, following the choice. */
export function useSteps(): StepMeta[] {
  return routeSteps(
    useSession((s) => s.summary.route),
    useWizard((s) => s.current),
  );
}

export const useWizard = create<WizardState>((set, get) => ({
  current: stepFromHash(),
  status: initialStatus,
  goTo(step) {
    if (location.hash !== `#/${step}`) history.replaceState(null, '', `#/${step}`);
    set({ current: step });
  },
  next() {
    const steps = currentSteps();
    const i = steps.findIndex((s) => s.id === get().current);
    const n = steps[i + 1];
    if (n) get().goTo(n.id);
  },
  back() {
    const steps = currentSteps();
    const i = steps.findIndex((s) => s.id === get().current);
    const p = steps[i - 1];
    if (p) get().goTo(p.id);
  },
  setStatus(step, status) {
    set((s) => ({ status: { ...s.status, [step]: status } }));
  },
}));

// Follow the address when it changes by itself (back/forward buttons, a pasted link to a step).
window.addEventListener('hashchange', () => {
  const step = stepFromHash();
  if (useWizard.getState().current !== step) useWizard.setState({ current: step });
});
