import { describe, expect, it } from 'vitest';
import { isCommunitySocialOrg, ORG_KINDS } from './catalog';

describe('community social organizations (§3.4 preference)', () => {
  it('community organizations and hub organizations are; county service organizations and social-work agencies are not', () => {
    expect(Object.fromEntries(ORG_KINDS.map((k) => [k, isCommunitySocialOrg(k)]))).toEqual({
      communityOrg: true,
      hub: true,
      countyServiceOrg: false,
      socialWorkAgency: false,
    });
  });
});
