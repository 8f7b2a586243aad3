/** Postal addresses: the datacenter's (from Azure) and the operator's return address (sent to Azure). */

import { z } from 'zod';

/** Where a package goes: a datacenter's shipping address as the Import/Export API gives it. */
export const datacenterAddressSchema = z.object({
  recipientName: z.string(),
  streetAddress1: z.string(),
  streetAddress2: z.string().optional(),
  city: z.string(),
  stateOrProvince: z.string().optional(),
  postalCode: z.string(),
  countryOrRegion: z.string(),
  phone: z.string().optional(),
  additionalInformation: z.string().optional(),
  /** A rehearsal datacenter the local Azure made up (its cloud profile's `rehearsalDatacenters`): never ship to it. */
  rehearsal: z.boolean().optional(),
});
export type DatacenterAddress = z.infer<typeof datacenterAddressSchema>;

/** Where the datacenter sends the drives back (the API's ReturnAddress; every field but the second street line and state required). */
export const returnAddressSchema = z.object({
  recipientName: z.string().max(200),
  streetAddress1: z.string().max(200),
  streetAddress2: z.string().max(200).optional(),
  city: z.string().max(100),
  stateOrProvince: z.string().max(100).optional(),
  postalCode: z.string().max(20),
  countryOrRegion: z.string().max(100),
  phone: z.string().max(40),
  email: z.string().max(200),
});
export type ReturnAddress = z.infer<typeof returnAddressSchema>;

/** An address as printed lines (console, page, packing slip): empty parts left out, city, state and postal code on one line. */
export function addressLines(a: DatacenterAddress | ReturnAddress): string[] {
  const cityLine = [a.city, a.stateOrProvince, a.postalCode].filter(Boolean).join(' ');
  const extra = 'email' in a ? [a.email] : [a.additionalInformation];
  return [a.recipientName, a.streetAddress1, a.streetAddress2, cityLine, a.countryOrRegion, a.phone, ...extra].filter((l): l is string => Boolean(l && l.trim()));
}
