/**
 * Import/Export datacenter locations of the local Azure. The West US, East US 2 and Australia addresses are the ones
 * in the 2021-01-01 spec examples; the others are shaped the same way for rehearsal and are not real shipping addresses.
 */

export interface LocationProperties {
  recipientName: string;
  streetAddress1: string;
  streetAddress2: string;
  city: string;
  stateOrProvince: string;
  postalCode: string;
  countryOrRegion: string;
  phone: string;
  additionalShippingInformation: string;
  supportedCarriers: string[];
  alternateLocations: string[];
}

export interface LocationResource {
  id: string;
  name: string;
  type: 'Microsoft.ImportExport/locations';
  properties: LocationProperties;
}

const idOf = (short: string) => `/providers/Microsoft.ImportExport/locations/${short}`;

function loc(short: string, name: string, p: Omit<LocationProperties, 'alternateLocations' | 'streetAddress2' | 'additionalShippingInformation'> & { alternate?: string[]; additional?: string }): LocationResource {
  const { alternate, additional, ...rest } = p;
  return {
    id: idOf(short),
    name,
    type: 'Microsoft.ImportExport/locations',
    properties: { ...rest, streetAddress2: '', additionalShippingInformation: additional ?? '', alternateLocations: (alternate ?? [short]).map(idOf) },
  };
}

export const importExportLocations: LocationResource[] = [
  loc('westus', 'West US', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: '2045 Lafayette Street', city: 'Santa Clara', stateOrProvince: 'CA', postalCode: '95050', countryOrRegion: 'USA', phone: '408 352 7600', supportedCarriers: ['FedEx'] }),
  loc('eastus2', 'East US 2', { recipientName: 'Windows Azure Import Export Service', streetAddress1: 'Boydton 1 / BLDG # 1 101 Herbert Drive', city: 'Boydton', stateOrProvince: 'VA', postalCode: '23917', countryOrRegion: 'USA', phone: '+1-434-738-9443', supportedCarriers: ['FedEx', 'UPS'] }),
  loc('eastus', 'East US', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: '21625 Gresham Drive', city: 'Ashburn', stateOrProvince: 'VA', postalCode: '20147', countryOrRegion: 'USA', phone: '+1-703-000-0000', supportedCarriers: ['FedEx', 'UPS'], alternate: ['eastus2'] }),
  loc('australiaeast', 'Australia East', { recipientName: 'Windows Azure Import/Export Service', streetAddress1: 'Customer-A c/o NEXTDC Ltd, Delivery code ABCDEFG, 4 Eden Park Drive', city: 'Macquarie Park', stateOrProvince: 'NSW', postalCode: '2113', countryOrRegion: 'Australia', phone: '612 0000 0000', supportedCarriers: ['DHL'], additional: 'An Inbound ID is required on the parcel.' }),
  loc('australiasoutheast', 'Australia Southeast', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Microsoft, c/o NEXTDC Ltd, Delivery code ABCDEFG, 826-830 Lorimer St, Port', city: 'Melbourne', stateOrProvince: 'Melbourne', postalCode: '3207', countryOrRegion: 'Australia', phone: '61 0 0000 0000', supportedCarriers: ['DHL'], additional: 'An Inbound ID is required on the parcel.' }),
  loc('westeurope', 'West Europe', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Dock 4', city: 'Amsterdam', stateOrProvince: 'Noord-Holland', postalCode: '1101 AA', countryOrRegion: 'Netherlands', phone: '+31 20 000 0000', supportedCarriers: ['DHL', 'FedEx', 'UPS'] }),
  loc('northeurope', 'North Europe', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Unit 1', city: 'Dublin', stateOrProvince: 'Dublin', postalCode: 'D24', countryOrRegion: 'Ireland', phone: '+353 1 000 0000', supportedCarriers: ['DHL', 'FedEx', 'UPS'] }),
  loc('germanywestcentral', 'Germany West Central', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Tor 2', city: 'Frankfurt am Main', stateOrProvince: 'Hessen', postalCode: '60386', countryOrRegion: 'Germany', phone: '+49 69 000 0000', supportedCarriers: ['DHL', 'UPS'], alternate: ['westeurope'], additional: 'An Inbound ID is required on the parcel.' }),
  loc('uksouth', 'UK South', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Gate 3', city: 'London', stateOrProvince: 'Greater London', postalCode: 'E14 0AA', countryOrRegion: 'United Kingdom', phone: '+44 20 0000 0000', supportedCarriers: ['DHL', 'Royal Mail'], additional: 'An Inbound ID is required on the parcel.' }),
  loc('southeastasia', 'Southeast Asia', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Loading Bay 5', city: 'Singapore', stateOrProvince: 'Singapore', postalCode: '139964', countryOrRegion: 'Singapore', phone: '+65 6000 0000', supportedCarriers: ['DHL'] }),
  loc('japaneast', 'Japan East', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, 1-1 Koto', city: 'Tokyo', stateOrProvince: 'Tokyo', postalCode: '135-0000', countryOrRegion: 'Japan', phone: '+81 3 0000 0000', supportedCarriers: ['DHL'] }),
  loc('centralindia', 'Central India', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Rehearsal Datacenter, Gate 1', city: 'Pune', stateOrProvince: 'Maharashtra', postalCode: '411014', countryOrRegion: 'India', phone: '+91 20 0000 0000', supportedCarriers: ['Blue Dart', 'DHL'], additional: 'Driver ID and delivery challan are required at the gate.' }),
];

/** "West Europe", "westeurope" or a location id; null when unknown. */
export function findLocation(nameOrId: string): LocationResource | null {
  const key = nameOrId.trim().toLowerCase().replace(/\s+/g, '');
  return importExportLocations.find((l) => l.id.toLowerCase() === key || l.id.split('/').pop() === key || l.name.toLowerCase().replace(/\s+/g, '') === key) ?? null;
}
