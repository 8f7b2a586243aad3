/** Step "shipping": its purpose and what it needs; the step's own controls arrive with its domain. */

import { StepIntro } from '../components/StepIntro';

export default function ShippingPage() {
  return <StepIntro step="shipping" notYetAvailable />;
}
