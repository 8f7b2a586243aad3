/** A Data Box order for the local Azure's resource group and storage account (the Data Box tests' one order shape). */

import type { LocalAzure } from './localAzure';
import type { DataBoxOrderInput } from '../../src/shared/model/dataBox';

export function dataBoxOrderInput(azure: LocalAzure, jobName: string, extra: Partial<DataBoxOrderInput> = {}): DataBoxOrderInput {
  return {
    jobName,
    resourceGroup: azure.profile.resourceGroup,
    location: azure.profile.location,
    storageAccountId: azure.profile.storageAccount.id,
    dataSizeTB: 3,
    contact: { name: 'Backup Operator', phone: '+31201234567', emails: ['backup@example.com'] },
    address: { street: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' },
    ...extra,
  };
}
