/**
 * The shipping form as both front ends ask it: one table of inputs (the wizard's form fields, the command line's
 * flags and questions) and one mapping from what was typed to the shipping details the rules check.
 */

import type { KeyUnder } from '../i18n/resources';
import type { ShippingDetails } from '../model/shipping';
import { checkShippingDetails, type ShippingContext, type ShippingField, type ShippingProblem } from './shipping';

export const shippingInputKeys = [
  'carrier',
  'tracking',
  'shipDate',
  'driveCount',
  'name',
  'street',
  'street2',
  'city',
  'state',
  'postalCode',
  'country',
  'phone',
  'email',
  'returnCarrier',
  'returnAccount',
] as const;
export type ShippingInputKey = (typeof shippingInputKeys)[number];

export interface ShippingInput {
  key: ShippingInputKey;
  /** The command line's flag, without `--`. */
  flag: string;
  /** Its label: `workflow:fields.<label>`. */
  label: KeyUnder<'workflow:fields'>;
  /** The problem field it answers (null: no rule checks it). */
  field: ShippingField | null;
  /** May stay empty. */
  optional?: boolean;
  section: 'delivery' | 'return';
}

/** Every input, in the order the command line asks them. */
export const shippingInputs: readonly ShippingInput[] = [
  { key: 'carrier', flag: 'carrier', label: 'carrier', field: 'carrierName', section: 'delivery' },
  { key: 'tracking', flag: 'tracking', label: 'trackingNumber', field: 'trackingNumber', section: 'delivery' },
  { key: 'shipDate', flag: 'ship-date', label: 'shipDate', field: 'shipDate', section: 'delivery' },
  { key: 'driveCount', flag: 'drive-count', label: 'driveCount', field: 'driveCount', section: 'delivery' },
  { key: 'name', flag: 'return-name', label: 'recipientName', field: 'returnAddress.recipientName', section: 'return' },
  { key: 'street', flag: 'return-street', label: 'streetAddress1', field: 'returnAddress.streetAddress1', section: 'return' },
  { key: 'street2', flag: 'return-street2', label: 'streetAddress2', field: 'returnAddress.streetAddress2', optional: true, section: 'return' },
  { key: 'city', flag: 'return-city', label: 'city', field: 'returnAddress.city', section: 'return' },
  { key: 'state', flag: 'return-state', label: 'stateOrProvince', field: 'returnAddress.stateOrProvince', optional: true, section: 'return' },
  { key: 'postalCode', flag: 'return-postal-code', label: 'postalCode', field: 'returnAddress.postalCode', section: 'return' },
  { key: 'country', flag: 'return-country', label: 'countryOrRegion', field: 'returnAddress.countryOrRegion', section: 'return' },
  { key: 'phone', flag: 'return-phone', label: 'phone', field: 'returnAddress.phone', section: 'return' },
  { key: 'email', flag: 'return-email', label: 'email', field: 'returnAddress.email', section: 'return' },
  { key: 'returnCarrier', flag: 'return-carrier', label: 'returnCarrier', field: 'returnShipping.carrierName', section: 'return' },
  { key: 'returnAccount', flag: 'return-account', label: 'returnAccount', field: 'returnShipping.carrierAccountNumber', section: 'return' },
];

export type ShippingFormValues = Partial<Record<ShippingInputKey, string>>;

/** The details as typed (not trimmed: the rules say what is wrong, normalizeShippingDetails cleans up what is sent). */
export function shippingDetailsFromForm(v: ShippingFormValues): ShippingDetails {
  const count = (v.driveCount ?? '').trim();
  return {
    carrierName: v.carrier ?? '',
    trackingNumber: v.tracking ?? '',
    shipDate: v.shipDate ?? '',
    driveCount: /^\d+$/.test(count) ? Number(count) : Number.NaN,
    returnAddress: {
      recipientName: v.name ?? '',
      streetAddress1: v.street ?? '',
      ...(v.street2 ? { streetAddress2: v.street2 } : {}),
      city: v.city ?? '',
      ...(v.state ? { stateOrProvince: v.state } : {}),
      postalCode: v.postalCode ?? '',
      countryOrRegion: v.country ?? '',
      phone: v.phone ?? '',
      email: v.email ?? '',
    },
    returnShipping: { carrierName: v.returnCarrier ?? '', carrierAccountNumber: v.returnAccount ?? '' },
  };
}

/** The problems with the form as typed: checkShippingDetails, with the drive count quoted as typed (`abc`, not `NaN`). */
export function checkShippingForm(v: ShippingFormValues, c: ShippingContext): ShippingProblem[] {
  return checkShippingDetails(shippingDetailsFromForm(v), c).map((p) =>
    p.field === 'driveCount' && p.key === 'workflow:validation.driveCount' ? { ...p, params: { ...p.params, value: (v.driveCount ?? '').trim() } } : p,
  );
}

/** A problem's sentence, with `{{field}}` filled by the field's label in the same language. */
export function shippingProblemText(
  t: (key: ShippingProblem['key'] | `workflow:fields.${KeyUnder<'workflow:fields'>}`, params?: Record<string, unknown>) => string,
  p: ShippingProblem,
): string {
  const input = shippingInputs.find((i) => i.field === p.field);
  return t(p.key, { ...p.params, field: input ? t(`workflow:fields.${input.label}`) : p.field });
}

/** The form filled with `d`, as a script or a rehearsal types it (the inverse of shippingDetailsFromForm). */
export function shippingFormFromDetails(d: ShippingDetails): ShippingFormValues {
  const a = d.returnAddress;
  const v: ShippingFormValues = {
    carrier: d.carrierName,
    tracking: d.trackingNumber,
    shipDate: d.shipDate,
    driveCount: String(d.driveCount),
    name: a.recipientName,
    street: a.streetAddress1,
    ...(a.streetAddress2 ? { street2: a.streetAddress2 } : {}),
    city: a.city,
    ...(a.stateOrProvince ? { state: a.stateOrProvince } : {}),
    postalCode: a.postalCode,
    country: a.countryOrRegion,
    phone: a.phone,
    email: a.email,
    returnCarrier: d.returnShipping.carrierName,
    returnAccount: d.returnShipping.carrierAccountNumber,
  };
  return v;
}

/** `--flag value` pairs for `offline-seed diskprep u:` with the details `d`. */
export function shippingFlags(d: ShippingDetails): string[] {
  const v = shippingFormFromDetails(d);
  return shippingInputs.flatMap((i) => (v[i.key] ? [`--${i.flag}`, v[i.key]!] : []));
}

/**
 * The details a rehearsal enters (the demo, and tests): a US return address every rule accepts, shipped today.
 * Only for the local Azure: a real job needs the operator's own address and carrier account.
 */
export function rehearsalShippingDetails(o: { trackingNumber: string; driveCount: number; carrierName?: string }): ShippingDetails {
  return {
    carrierName: o.carrierName ?? 'FedEx',
    trackingNumber: o.trackingNumber,
    shipDate: new Date().toISOString().slice(0, 10),
    driveCount: o.driveCount,
    returnAddress: {
      recipientName: 'Offline Seed Rehearsal',
      streetAddress1: '1 Microsoft Way',
      city: 'Redmond',
      stateOrProvince: 'WA',
      postalCode: '98052',
      countryOrRegion: 'USA',
      phone: '+1 425 555 0100',
      email: 'rehearsal@example.com',
    },
    returnShipping: { carrierName: 'FedEx', carrierAccountNumber: '123456789' },
  };
}
