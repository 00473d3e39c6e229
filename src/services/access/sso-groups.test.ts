import { describe, expect, it } from 'vitest';
import { groupsFromClaims } from './sso-groups.js';

const settings = { groupsClaim: 'groups', groupMapping: { admins: ['administrator'], ops: ['operator', 'custom'] }, defaultGroups: ['viewer'] };

describe('groupsFromClaims', () => {
  it('maps every matching claim value, de-duplicated', () => {
    expect(groupsFromClaims(settings, { groups: ['ops', 'admins', 'ops'] })?.sort()).toEqual(['administrator', 'custom', 'operator']);
  });
  it('falls back to the default groups when nothing matches or the claim is missing', () => {
    expect(groupsFromClaims(settings, { groups: ['marketing'] })).toEqual(['viewer']);
    expect(groupsFromClaims(settings, {})).toEqual(['viewer']);
  });
  it('accepts a space or comma separated string and dotted paths', () => {
    expect(groupsFromClaims(settings, { groups: 'marketing ops' })).toEqual(['operator', 'custom']);
    expect(groupsFromClaims({ ...settings, groupsClaim: 'realm_access.roles' }, { realm_access: { roles: ['admins'] } })).toEqual(['administrator']);
  });
  it('maps nothing when no claim or mapping is configured', () => {
    expect(groupsFromClaims({ ...settings, groupsClaim: null }, { groups: ['admins'] })).toBeUndefined();
    expect(groupsFromClaims({ ...settings, groupMapping: {} }, { groups: ['admins'] })).toBeUndefined();
  });
});
