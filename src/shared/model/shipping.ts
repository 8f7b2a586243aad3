/** The shipping details an operator enters for an import job (the API's DeliveryPackage, ReturnAddress and ReturnShipping). */

import { z } from 'zod';
import { returnAddressSchema } from './address';

export const shippingDetailsSchema = z.object({
  /** Carrier that takes the package to the datacenter. */
  carrierName: z.string().max(100),
  trackingNumber: z.string().max(100),
  /** YYYY-MM-DD. */
  shipDate: z.string().max(20),
  driveCount: z.number().int(),
  returnAddress: returnAddressSchema,
  returnShipping: z.object({ carrierName: z.string().max(100), carrierAccountNumber: z.string().max(40) }),
});
export type ShippingDetails = z.infer<typeof shippingDetailsSchema>;
