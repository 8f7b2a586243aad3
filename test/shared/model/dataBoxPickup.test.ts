import { describe, expect, it } from 'vitest';
import { pickupRegionOf } from '../../../src/shared/model/dataBox';

describe('pickupRegionOf', () => {
  it('maps an address country to the region whose pickup steps Microsoft documents', () => {
    expect(['us', 'CA', 'NL', 'de', 'GB', 'AU', 'JP', 'KR', 'SG', 'cn', 'IN', 'ZA', 'BR', 'AR', ''].map(pickupRegionOf)).toEqual([
      'usCanada',
      'usCanada',
      'europe',
      'europe',
      'europe',
      'australia',
      'japan',
      'korea',
      'singapore',
      'china',
      'india',
      'southAfrica',
      'brazil',
      'other',
      'other',
    ]);
  });
});
