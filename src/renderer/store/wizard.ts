/** Which step is shown and how far each step has got. */

import { create } from 'zustand';
import type { StepId } from '../../shared/errors';
import type { StepStatus } from '../../shared/model/wizardJob';
import { steps } from '../steps';

export type { StepStatus };

interface WizardState {
  current: StepId;
  status: Record<StepId, StepStatus>;
  goTo(step: StepId): void;
  next(): void;
  back(): void;
  setStatus(step: StepId, status: StepStatus): void;
}

const initialStatus = Object.fromEntries(steps.map((s) => [s.id, 'notStarted'])) as Record<StepId, StepStatus>;

function stepFromHash(): StepId {
  const id = location.hash.replace(/^#\/?/, '');
  return steps.some((s) => s.id === id) ? (id as StepId) : 'signIn';
}

export const useWizard = create<WizardState>((set, get) => ({
  current: stepFromHash(),
  status: initialStatus,
  goTo(step) {
    if (location.hash !== `#/${step}`) history.replaceState(null, '', `#/${step}`);
    set({ current: step });
  },
  next() {
    const i = steps.findIndex((s) => s.id === get().current);
    const n = steps[i + 1];
    if (n) get().goTo(n.id);
  },
  back() {
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
