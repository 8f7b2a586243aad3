/**
 * Import/Export datacenter locations of the local Azure.
 *
 * Only four carry an address a public source gives: West US (GetLocation.json), Australia East and Australia Southeast
 * (ListLocations.json) and East US 2 (the shippingInformation of ListJobsInSubscription.json), all in the
 * Microsoft.ImportExport 2021-01-01 examples
 * (https://github.com/Azure/azure-rest-api-specs/tree/main/specification/storageimportexport/resource-manager/Microsoft.ImportExport/preview/2021-01-01/examples);
 * even those examples blank out phone numbers and delivery codes. Every other location is a rehearsal datacenter:
 * its address says so, it is listed in the cloud profile's `rehearsalDatacenters`, and nothing should ever be
 * shipped to it. Carriers: FedEx and DHL, the two the Import/Export tutorial names
 * (https://learn.microsoft.com/azure/import-export/storage-import-export-data-to-blobs); the examples list FedEx for
 * West US and DHL for Australia.
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

/** A rehearsal datacenter: the city names where it stands in for one; the street says it is not an address. */
function rehearsal(short: string, name: string, city: string, country: string, carriers: string[], alternate?: string[]): LocationResource {
  return loc(short, name, {
    recipientName: 'Offline Seed rehearsal datacenter',
    streetAddress1: 'Rehearsal only, not a Microsoft address',
    city,
    stateOrProvince: '',
    postalCode: '',
    countryOrRegion: country,
    phone: '',
    supportedCarriers: carriers,
    additional: 'Rehearsal datacenter of the local Azure: do not ship anything here. A real import job shows the address Azure gives for it.',
    ...(alternate ? { alternate } : {}),
  });
}

const documented: LocationResource[] = [
  loc('westus', 'West US', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: '2045 Lafayette Street', city: 'Santa Clara', stateOrProvince: 'CA', postalCode: '95050', countryOrRegion: 'USA', phone: '408 352 7600', supportedCarriers: ['FedEx'] }),
  loc('eastus2', 'East US 2', { recipientName: 'Windows Azure Import Export Service', streetAddress1: 'Boydton 1 / BLDG # 1 101 Herbert Drive', city: 'Boydton', stateOrProvince: 'VA', postalCode: '23917', countryOrRegion: 'USA', phone: '+1-434-738-9443', supportedCarriers: ['FedEx'] }),
  loc('australiaeast', 'Australia East', { recipientName: 'Windows Azure Import/Export Service', streetAddress1: 'Customer-A c/o NEXTDC Ltd, Delivery code ABCDEFG, 4 Eden Park Drive', city: 'Macquarie Park', stateOrProvince: 'NSW', postalCode: '2113', countryOrRegion: 'Australia', phone: '612 0000 0000', supportedCarriers: ['DHL'] }),
  loc('australiasoutheast', 'Australia Southeast', { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: 'Microsoft, c/o NEXTDC Ltd, Delivery code ABCDEFG, 826-830 Lorimer St, Port', city: 'Melbourne', stateOrProvince: 'Melbourne', postalCode: '3207', countryOrRegion: 'Australia', phone: '61 0 0000 0000', supportedCarriers: ['DHL'] }),
];

const rehearsals: LocationResource[] = [
  // Ships to East US 2, as a location that is temporarily closed lists another in alternateLocations.
  rehearsal('eastus', 'East US', 'Ashburn', 'USA', ['FedEx', 'DHL'], ['eastus2']),
  rehearsal('westeurope', 'West Europe', 'Amsterdam', 'Netherlands', ['FedEx', 'DHL']),
  rehearsal('northeurope', 'North Europe', 'Dublin', 'Ireland', ['FedEx', 'DHL']),
  rehearsal('germanywestcentral', 'Germany West Central', 'Frankfurt am Main', 'Germany', ['FedEx', 'DHL'], ['westeurope']),
  rehearsal('uksouth', 'UK South', 'London', 'United Kingdom', ['FedEx', 'DHL']),
  rehearsal('southeastasia', 'Southeast Asia', 'Singapore', 'Singapore', ['DHL']),
  rehearsal('japaneast', 'Japan East', 'Tokyo', 'Japan', ['DHL']),
  rehearsal('centralindia', 'Central India', 'Pune', 'India', ['DHL']),
];

export const importExportLocations: LocationResource[] = [...documented, ...rehearsals];

/** The short ids (`westeurope`) of the rehearsal datacenters, for the cloud profile. */
export function rehearsalLocationIds(): string[] {
  return rehearsals.map((l) => l.id.split('/').pop()!);
}

/** "West Europe", "westeurope" or a location id; null when unknown. */
export function findLocation(nameOrId: string): LocationResource | null {
  const key = nameOrId.trim().toLowerCase().replace(/\s+/g, '');
  return importExportLocations.find((l) => l.id.toLowerCase() === key || l.id.split('/').pop() === key || l.name.toLowerCase().replace(/\s+/g, '') === key) ?? null;
}
