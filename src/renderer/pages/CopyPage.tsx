/** Step "copy": its purpose and what it needs; the step's own controls arrive with its domain. */

import { StepIntro } from '../components/StepIntro';

export default function CopyPage() {
  return <StepIntro step="copy" notYetAvailable />;
}
