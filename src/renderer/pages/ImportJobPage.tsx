/** Step "importJob": its purpose and what it needs; the step's own controls arrive with its domain. */

import { StepIntro } from '../components/StepIntro';

export default function ImportJobPage() {
  return <StepIntro step="importJob" notYetAvailable />;
}
