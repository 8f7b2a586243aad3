/** Postal addresses: the datacenter's (from Azure) and the operator's return address (sent to Azure). */

import * as z from 'zod';

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

/**
 * The longest value Offline Seed accepts in each shipping field, in characters.
 *
 * These limits are ours: the Import/Export API (Microsoft.ImportExport 2021-01-01, definitions ReturnAddress,
 * ReturnShipping and DeliveryPackageInformation in azure-rest-api-specs' storageimportexport.json) declares every
 * one of these fields as a plain `string`, with no maxLength or pattern. They are far above any real address and
 * keep what is stored, printed and sent bounded. The e-mail limit is RFC 5321's (section 4.5.3.1.3: a path is at
 * most 256 octets, 254 without its angle brackets).
 */
export const shippingTextLimits = {
  carrierName: 100,
  trackingNumber: 100,
  shipDate: 20,
  recipientName: 200,
  streetAddress1: 200,
  streetAddress2: 200,
  city: 100,
  stateOrProvince: 100,
  postalCode: 20,
  countryOrRegion: 100,
  phone: 40,
  email: 254,
  returnCarrierName: 100,
  carrierAccountNumber: 40,
} as const;

/** Where the datacenter sends the drives back (the API's ReturnAddress; every field but the second street line and state required). */
export const returnAddressSchema = z.object({
  recipientName: z.string().max(shippingTextLimits.recipientName),
  streetAddress1: z.string().max(shippingTextLimits.streetAddress1),
  streetAddress2: z.string().max(shippingTextLimits.streetAddress2).optional(),
  city: z.string().max(shippingTextLimits.city),
  stateOrProvince: z.string().max(shippingTextLimits.stateOrProvince).optional(),
  postalCode: z.string().max(shippingTextLimits.postalCode),
  countryOrRegion: z.string().max(shippingTextLimits.countryOrRegion),
  phone: z.string().max(shippingTextLimits.phone),
  email: z.string().max(shippingTextLimits.email),
});
export type ReturnAddress = z.infer<typeof returnAddressSchema>;

/** An address as printed lines (console, page, packing slip): empty parts left out, city, state and postal code on one line. */
export function addressLines(a: DatacenterAddress | ReturnAddress): string[] {
  const cityLine = [a.city, a.stateOrProvince, a.postalCode].filter(Boolean).join(' ');
  const extra = 'email' in a ? [a.email] : [a.additionalInformation];
  return [a.recipientName, a.streetAddress1, a.streetAddress2, cityLine, a.countryOrRegion, a.phone, ...extra].filter((l): l is string => Boolean(l && l.trim()));
}
