/** The shipping details an operator enters for an import job (the API's DeliveryPackage, ReturnAddress and ReturnShipping). */

import * as z from 'zod';
import { returnAddressSchema, shippingTextLimits } from './address';

export { shippingTextLimits } from './address';

export const shippingDetailsSchema = z.object({
  /** Carrier that takes the package to the datacenter. */
  carrierName: z.string().max(shippingTextLimits.carrierName),
  trackingNumber: z.string().max(shippingTextLimits.trackingNumber),
  /** YYYY-MM-DD. */
  shipDate: z.string().max(shippingTextLimits.shipDate),
  driveCount: z.number().int(),
  returnAddress: returnAddressSchema,
  returnShipping: z.object({
    carrierName: z.string().max(shippingTextLimits.returnCarrierName),
    carrierAccountNumber: z.string().max(shippingTextLimits.carrierAccountNumber),
  }),
});
export type ShippingDetails = z.infer<typeof shippingDetailsSchema>;
