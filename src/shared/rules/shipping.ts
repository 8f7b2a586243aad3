/**
 * Checks of the shipping details an operator enters for an import job, as pure functions.
 *
 * Required fields follow the API's ReturnAddress, ReturnShipping and DeliveryPackageInformation models
 * (https://learn.microsoft.com/rest/api/storageimportexport/jobs/create); return carriers and the
 * one-tracking-number-per-job rule follow the Import/Export tutorial
 * (https://learn.microsoft.com/azure/import-export/storage-import-export-data-to-blobs) and the offline-backup
 * page (https://learn.microsoft.com/azure/backup/backup-azure-backup-import-export). Postal codes and
 * states are checked per country where the country's format is well known, and accepted as typed elsewhere.
 * Each problem is `{ field, key, params }`: `key` is the `workflow:validation.*` sentence.
 */

import type { KeyAt, KeyUnder } from '../i18n/resources';
import type { ReturnAddress } from '../model/address';
import { shippingTextLimits, type ShippingDetails } from '../model/shipping';
import { maxDrivesPerJob } from './driveEligibility';
import { checkFreeText } from './text';

export type ShippingField =
  | 'carrierName'
  | 'trackingNumber'
  | 'shipDate'
  | 'driveCount'
  | 'returnAddress.recipientName'
  | 'returnAddress.streetAddress1'
  | 'returnAddress.streetAddress2'
  | 'returnAddress.city'
  | 'returnAddress.stateOrProvince'
  | 'returnAddress.postalCode'
  | 'returnAddress.countryOrRegion'
  | 'returnAddress.phone'
  | 'returnAddress.email'
  | 'returnShipping.carrierName'
  | 'returnShipping.carrierAccountNumber';

export interface ShippingProblem {
  field: ShippingField;
  key: KeyAt<'workflow:validation'>;
  params: Record<string, string | number>;
}

/**
 * Carriers the datacenter returns drives with (a customer account number is needed): "Have a FedEx/DHL account. If you
 * want to use a carrier other than FedEx/DHL, contact Azure Data Box Operations team" (the Import/Export tutorial).
 */
export const returnCarriers = ['FedEx', 'DHL'] as const;

interface CountryRule {
  /** ISO 3166-1 alpha-2. */
  code: string;
  names: string[];
  postal?: RegExp;
  /** A state or province is part of every address there. */
  stateRequired?: boolean;
  /** Allowed state/province codes, when the list is short and well known. */
  states?: readonly string[];
  /** Example shown in the error sentence. */
  postalExample?: string;
}

const usStates = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA',
  'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX',
  'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
] as const;
const caProvinces = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;
const auStates = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const;

const countries: CountryRule[] = [
  { code: 'US', names: ['us', 'usa', 'united states', 'united states of america'], postal: /^\d{5}(-\d{4})?$/, postalExample: '98052', stateRequired: true, states: usStates },
  { code: 'CA', names: ['ca', 'can', 'canada'], postal: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i, postalExample: 'K1A 0B1', stateRequired: true, states: caProvinces },
  { code: 'GB', names: ['gb', 'uk', 'gbr', 'united kingdom', 'great britain'], postal: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, postalExample: 'SW1A 1AA' },
  { code: 'IE', names: ['ie', 'irl', 'ireland'], postal: /^(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/i, postalExample: 'D02 X285' },
  { code: 'DE', names: ['de', 'deu', 'germany', 'deutschland'], postal: /^\d{5}$/, postalExample: '10115' },
  { code: 'FR', names: ['fr', 'fra', 'france'], postal: /^\d{5}$/, postalExample: '75001' },
  { code: 'ES', names: ['es', 'esp', 'spain', 'españa', 'espana'], postal: /^\d{5}$/, postalExample: '28001' },
  { code: 'IT', names: ['it', 'ita', 'italy', 'italia'], postal: /^\d{5}$/, postalExample: '00118' },
  { code: 'NL', names: ['nl', 'nld', 'netherlands', 'the netherlands', 'nederland'], postal: /^[1-9]\d{3} ?[A-Z]{2}$/i, postalExample: '1012 AB' },
  { code: 'BE', names: ['be', 'bel', 'belgium', 'belgië', 'belgique'], postal: /^\d{4}$/, postalExample: '1000' },
  { code: 'CH', names: ['ch', 'che', 'switzerland', 'schweiz', 'suisse', 'svizzera'], postal: /^\d{4}$/, postalExample: '8001' },
  { code: 'AT', names: ['at', 'aut', 'austria', 'österreich'], postal: /^\d{4}$/, postalExample: '1010' },
  { code: 'SE', names: ['se', 'swe', 'sweden', 'sverige'], postal: /^\d{3} ?\d{2}$/, postalExample: '111 22' },
  { code: 'NO', names: ['no', 'nor', 'norway', 'norge'], postal: /^\d{4}$/, postalExample: '0150' },
  { code: 'DK', names: ['dk', 'dnk', 'denmark', 'danmark'], postal: /^\d{4}$/, postalExample: '1050' },
  { code: 'AU', names: ['au', 'aus', 'australia'], postal: /^\d{4}$/, postalExample: '2000', stateRequired: true, states: auStates },
  { code: 'JP', names: ['jp', 'jpn', 'japan'], postal: /^\d{3}-?\d{4}$/, postalExample: '100-0001' },
  { code: 'IN', names: ['in', 'ind', 'india'], postal: /^[1-9]\d{5}$/, postalExample: '560001', stateRequired: true },
  { code: 'BR', names: ['br', 'bra', 'brazil', 'brasil'], postal: /^\d{5}-?\d{3}$/, postalExample: '01001-000', stateRequired: true },
  { code: 'SG', names: ['sg', 'sgp', 'singapore'], postal: /^\d{6}$/, postalExample: '018956' },
  { code: 'KR', names: ['kr', 'kor', 'korea', 'south korea', 'republic of korea'], postal: /^\d{5}$/, postalExample: '03187' },
];

/** The country rule for what the operator typed ("USA", "us", "United States"…), or null when unknown. */
export function findCountry(value: string): CountryRule | null {
  const v = value.trim().toLowerCase();
  return countries.find((c) => c.names.includes(v)) ?? null;
}

/** The country as the API examples write it (ISO alpha-2, "USA" for the United States as in the spec's examples). */
export function normalizeCountry(value: string): string {
  const c = findCountry(value);
  if (!c) return value.trim();
  return c.code === 'US' ? 'USA' : c.code;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** Digits with the usual separators, an optional leading +, 6–15 digits (E.164 allows 15). */
const phonePattern = /^\+?[\d\s().-]+$/;
/** Tracking numbers: letters, digits and hyphens, as carriers print them. Every import job has its own. */
const trackingPattern = /^[A-Za-z0-9][A-Za-z0-9-]{5,39}$/;
const accountPattern = /^[A-Za-z0-9-]{4,20}$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const problem = (field: ShippingField, key: KeyUnder<'workflow:validation'>, params: Record<string, string | number> = {}): ShippingProblem => ({
  field,
  key: `workflow:validation.${key}`,
  params,
});

/** A calendar date from YYYY-MM-DD, or null when it is not a real date. */
export function parseShipDate(value: string): Date | null {
  const m = datePattern.exec(value.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return d;
}

export function checkTrackingNumber(value: string): ShippingProblem | null {
  return trackingPattern.test(value.trim()) ? null : problem('trackingNumber', 'trackingNumber', { value });
}

export interface ShippingContext {
  /** Carriers the datacenter accepts (the location's supportedCarriers); empty means any. */
  supportedCarriers: readonly string[];
  /** Drives in the job. */
  jobDriveCount: number;
  /** Today, for the ship-date window. */
  today: Date;
  /** When the job was created: the ship date cannot be earlier. */
  jobCreated?: Date | undefined;
}

/** Every text field with its limit, in field order. */
function textFields(d: ShippingDetails): Array<[ShippingField, string | undefined, number]> {
  const a = d.returnAddress;
  const l = shippingTextLimits;
  return [
    ['carrierName', d.carrierName, l.carrierName],
    ['trackingNumber', d.trackingNumber, l.trackingNumber],
    ['shipDate', d.shipDate, l.shipDate],
    ['returnAddress.recipientName', a.recipientName, l.recipientName],
    ['returnAddress.streetAddress1', a.streetAddress1, l.streetAddress1],
    ['returnAddress.streetAddress2', a.streetAddress2, l.streetAddress2],
    ['returnAddress.city', a.city, l.city],
    ['returnAddress.stateOrProvince', a.stateOrProvince, l.stateOrProvince],
    ['returnAddress.postalCode', a.postalCode, l.postalCode],
    ['returnAddress.countryOrRegion', a.countryOrRegion, l.countryOrRegion],
    ['returnAddress.phone', a.phone, l.phone],
    ['returnAddress.email', a.email, l.email],
    ['returnShipping.carrierName', d.returnShipping.carrierName, l.returnCarrierName],
    ['returnShipping.carrierAccountNumber', d.returnShipping.carrierAccountNumber, l.carrierAccountNumber],
  ];
}

/**
 * Control characters and lengths, for every text field: a field with one of these problems gets only this one
 * (its value is not worth checking further, and is never echoed back in a sentence).
 */
function textProblems(d: ShippingDetails): ShippingProblem[] {
  const out: ShippingProblem[] = [];
  for (const [field, value, max] of textFields(d)) {
    const p = value === undefined ? null : checkFreeText(value, max);
    if (p?.kind === 'controlCharacter') out.push(problem(field, 'controlCharacter', { char: p.char }));
    else if (p?.kind === 'tooLong') out.push(problem(field, 'tooLong', { length: p.length, max: p.max }));
  }
  return out;
}

/** Every problem with `d`, in field order; empty when the details can be sent. */
export function checkShippingDetails(d: ShippingDetails, c: ShippingContext): ShippingProblem[] {
  const text = textProblems(d);
  if (text.length === 0) return checkShippingValues(d, c);
  const order: ShippingField[] = ['carrierName', 'trackingNumber', 'shipDate', 'driveCount', ...textFields(d).slice(3).map(([f]) => f)];
  const rest = checkShippingValues(d, c).filter((p) => !text.some((t) => t.field === p.field));
  return [...text, ...rest].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

function checkShippingValues(d: ShippingDetails, c: ShippingContext): ShippingProblem[] {
  const out: ShippingProblem[] = [];
  const carrier = d.carrierName.trim();
  if (!carrier) out.push(problem('carrierName', 'required.carrier'));
  else if (c.supportedCarriers.length > 0 && !c.supportedCarriers.some((s) => s.toLowerCase() === carrier.toLowerCase()))
    out.push(problem('carrierName', 'carrierNotSupported', { value: carrier, list: c.supportedCarriers.join(', ') }));

  const tracking = checkTrackingNumber(d.trackingNumber);
  if (tracking) out.push(tracking);

  const ship = parseShipDate(d.shipDate);
  if (!ship) out.push(problem('shipDate', 'shipDate', { value: d.shipDate }));
  else {
    const today = Date.UTC(c.today.getUTCFullYear(), c.today.getUTCMonth(), c.today.getUTCDate());
    const dayMs = 86_400_000;
    const created = c.jobCreated
      ? Date.UTC(c.jobCreated.getUTCFullYear(), c.jobCreated.getUTCMonth(), c.jobCreated.getUTCDate())
      : -Infinity;
    // "Today" is never before the job's creation: when this machine's clock is behind the service's (or the local
    // Azure's clock was moved on), the job's creation date is the later, truer day.
    if (ship.getTime() > Math.max(today, created) + 14 * dayMs) out.push(problem('shipDate', 'shipDateTooLate', { value: d.shipDate }));
    else if (ship.getTime() < created) out.push(problem('shipDate', 'shipDateBeforeJob', { value: d.shipDate }));
  }

  if (!Number.isInteger(d.driveCount) || d.driveCount < 1 || d.driveCount > maxDrivesPerJob)
    out.push(problem('driveCount', 'driveCount', { value: String(d.driveCount) }));
  else if (d.driveCount !== c.jobDriveCount)
    out.push(problem('driveCount', 'driveCountMismatch', { value: d.driveCount, expected: c.jobDriveCount }));

  out.push(...checkReturnAddress(d.returnAddress));

  const rc = d.returnShipping.carrierName.trim();
  if (!returnCarriers.some((r) => r.toLowerCase() === rc.toLowerCase()))
    out.push(problem('returnShipping.carrierName', 'returnCarrier', { value: rc, list: returnCarriers.join(', ') }));
  if (!accountPattern.test(d.returnShipping.carrierAccountNumber.trim()))
    out.push(problem('returnShipping.carrierAccountNumber', 'carrierAccount', { value: d.returnShipping.carrierAccountNumber }));
  return out;
}

/** Problems with a return address: required fields, e-mail, phone, and the country's postal code and state rules. */
export function checkReturnAddress(a: ReturnAddress): ShippingProblem[] {
  const out: ShippingProblem[] = [];
  const required: Array<[ShippingField, string, KeyUnder<'workflow:validation.required'>]> = [
    ['returnAddress.recipientName', a.recipientName, 'recipient'],
    ['returnAddress.streetAddress1', a.streetAddress1, 'street'],
    ['returnAddress.city', a.city, 'city'],
    ['returnAddress.countryOrRegion', a.countryOrRegion, 'country'],
  ];
  for (const [field, value, name] of required) if (!value.trim()) out.push(problem(field, `required.${name}`));

  const country = findCountry(a.countryOrRegion);
  const postal = a.postalCode.trim();
  if (!postal) out.push(problem('returnAddress.postalCode', 'required.postalCode'));
  else if (country?.postal && !country.postal.test(postal))
    out.push(problem('returnAddress.postalCode', 'postalCode', { value: postal, country: country.code, example: country.postalExample ?? '' }));

  const state = (a.stateOrProvince ?? '').trim();
  if (country?.stateRequired && !state) out.push(problem('returnAddress.stateOrProvince', 'stateRequired', { country: country.code }));
  else if (country?.states && state && !country.states.includes(state.toUpperCase()))
    out.push(problem('returnAddress.stateOrProvince', 'stateUnknown', { value: state, country: country.code }));

  const digits = a.phone.replace(/\D/g, '').length;
  if (!a.phone.trim()) out.push(problem('returnAddress.phone', 'required.phone'));
  else if (!phonePattern.test(a.phone.trim()) || digits < 6 || digits > 15) out.push(problem('returnAddress.phone', 'phone', { value: a.phone }));

  if (!a.email.trim()) out.push(problem('returnAddress.email', 'required.email'));
  else if (!emailPattern.test(a.email.trim())) out.push(problem('returnAddress.email', 'email', { value: a.email }));
  return out;
}

/** The details trimmed and normalized as they are sent to Azure and stored in staging. */
export function normalizeShippingDetails(d: ShippingDetails, supportedCarriers: readonly string[] = []): ShippingDetails {
  const a = d.returnAddress;
  const canonicalCarrier =
    supportedCarriers.find((s) => s.toLowerCase() === d.carrierName.trim().toLowerCase()) ?? d.carrierName.trim();
  const canonicalReturn =
    returnCarriers.find((r) => r.toLowerCase() === d.returnShipping.carrierName.trim().toLowerCase()) ?? d.returnShipping.carrierName.trim();
  const country = findCountry(a.countryOrRegion);
  return {
    carrierName: canonicalCarrier,
    trackingNumber: d.trackingNumber.trim(),
    shipDate: d.shipDate.trim(),
    driveCount: d.driveCount,
    returnAddress: {
      recipientName: a.recipientName.trim(),
      streetAddress1: a.streetAddress1.trim(),
      ...(a.streetAddress2?.trim() ? { streetAddress2: a.streetAddress2.trim() } : {}),
      city: a.city.trim(),
      ...(a.stateOrProvince?.trim()
        ? { stateOrProvince: country?.states ? a.stateOrProvince.trim().toUpperCase() : a.stateOrProvince.trim() }
        : {}),
      postalCode: country?.postal && /[a-z]/.test(a.postalCode) ? a.postalCode.trim().toUpperCase() : a.postalCode.trim(),
      countryOrRegion: normalizeCountry(a.countryOrRegion),
      phone: a.phone.trim(),
      email: a.email.trim(),
    },
    returnShipping: { carrierName: canonicalReturn, carrierAccountNumber: d.returnShipping.carrierAccountNumber.trim() },
  };
}

/**
 * Tracking numbers compare without case and surrounding spaces: Offline Seed's own check that no two import jobs
 * share one (Microsoft's rule, shipping.ts in core) uses this.
 */
export function sameTrackingNumber(a: string, b: string): boolean {
  const n = (s: string) => s.trim().toUpperCase();
  return n(a) === n(b);
}
