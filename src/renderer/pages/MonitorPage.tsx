/** Step "monitor": its purpose and what it needs; the step's own controls arrive with its domain. */

import { StepIntro } from '../components/StepIntro';

export default function MonitorPage() {
  return <StepIntro step="monitor" notYetAvailable />;
}
