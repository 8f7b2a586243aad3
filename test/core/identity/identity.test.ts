/** The remembered application is used only in the cloud (and local Azure) it was made in. */

import { describe, expect, it } from 'vitest';
import { paramsMatchCloud } from '../../../src/core/identity/identity';
import { resolveCloud, cloudFromProfile } from '../../../src/core/azure/clouds';
import { fakeLocalProfile } from '../../helpers/fakeLocalProfile';

const profile = (tenantId: string) => fakeLocalProfile(tenantId);

describe('paramsMatchCloud', () => {
  const tenantA = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const tenantB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

  it('accepts the application in the public cloud it was made in, and refuses it in another', () => {
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, resolveCloud('AzureCloud', {}))).toBe(true);
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, resolveCloud('AzureUSGovernment', {}))).toBe(false);
  });

  it('refuses an application of another local Azure or of a public cloud during a rehearsal', () => {
    const local = cloudFromProfile(profile(tenantA));
    expect(paramsMatchCloud({ cloud: 'Local', tenantId: tenantA }, local)).toBe(true);
    expect(paramsMatchCloud({ cloud: 'Local', tenantId: tenantB }, local)).toBe(false);
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, local)).toBe(false);
  });
});
