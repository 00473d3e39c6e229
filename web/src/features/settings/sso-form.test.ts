import { describe, expect, it } from 'vitest';
import { EMPTY_SSO_FORM, parseMapping, ssoBody, ssoFormFrom } from './sso-form';

const groups = [{ id: 'administrator', name: 'administrator' }, { id: 'operator', name: 'operator' }, { id: 'g-1234', name: 'DBAs' }];

describe('SSO provider form', () => {
  it('reads group mappings by group name and names unknown groups', () => {
    expect(parseMapping('admins: administrator\n\nteam:dba: DBAs, operator', groups)).toEqual({ mapping: { admins: ['administrator'], 'team:dba': ['g-1234', 'operator'] }, problems: [] });
    expect(parseMapping('ops: operators', groups).problems).toEqual(['No group named “operators”']);
    expect(parseMapping('no colon here', groups).problems).toHaveLength(1);
  });

  it('round-trips a provider, keeps the secret when left empty, and says what is missing', () => {
    const provider = {
      id: 'p', name: 'Company', preset: 'keycloak', issuer: 'https://id.example.test/realms/x', clientId: 'lifeboat', hasClientSecret: true, enabled: false,
      scopes: 'openid email', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups', groupMapping: { dba: ['g-1234'] }, defaultGroups: ['operator'],
      autoRedirect: false, autoCreateUsers: true, callbackPath: '/cb', updatedAt: '',
    };
    const form = ssoFormFrom(provider, groups);
    expect(form.mapping).toBe('dba: DBAs');
    const { body, problems } = ssoBody(form, groups, true);
    expect(problems).toEqual([]);
    expect(body).toMatchObject({ groupMapping: { dba: ['g-1234'] }, defaultGroups: ['operator'], enabled: false, groupsClaim: 'groups', scopes: 'openid email' });
    expect(body).not.toHaveProperty('clientSecret');
    expect(ssoBody(EMPTY_SSO_FORM, groups, false).problems).toEqual(['Give the button a label', 'Write the issuer URL', 'Write the client ID']);
    expect(ssoBody({ ...EMPTY_SSO_FORM, name: 'x', issuer: 'https://i', clientId: 'c' }, groups, false).body).not.toHaveProperty('scopes');
  });
});
