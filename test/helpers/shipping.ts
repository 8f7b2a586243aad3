/** Valid shipping details for tests (the rehearsal's US return address), and the same as `diskprep u:` flags. */

import type { ShippingDetails } from '../../src/shared/model/shipping';
import { rehearsalShippingDetails } from '../../src/shared/rules/shippingForm';

export { shippingFlags } from '../../src/shared/rules/shippingForm';

export interface SampleShipping extends Partial<Omit<ShippingDetails, 'returnAddress' | 'returnShipping'>> {
  returnAddress?: Partial<ShippingDetails['returnAddress']>;
  returnShipping?: Partial<ShippingDetails['returnShipping']>;
}

/** Details every rule accepts for a job of two drives shipped today by FedEx; `o` replaces any part. */
export function sampleShippingDetails(o: SampleShipping = {}): ShippingDetails {
  const { returnAddress, returnShipping, ...top } = o;
  const d = rehearsalShippingDetails({ trackingNumber: `TEST${Date.now()}`, driveCount: 2 });
  return { ...d, ...top, returnAddress: { ...d.returnAddress, ...returnAddress }, returnShipping: { ...d.returnShipping, ...returnShipping } };
}
