/**
 * Presets fill in what differs between identity providers: scopes and claim names. Every field can
 * still be overridden per provider. `issuerHint` shows the usual shape of the issuer URL.
 */
export interface SsoPreset {
  id: string;
  label: string;
  issuerHint: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  note: string;
}

export const SSO_PRESETS: SsoPreset[] = [
  {
    id: 'authentik', label: 'Authentik', issuerHint: 'https://auth.example.com/application/o/<application-slug>/',
    scopes: 'openid email profile', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups',
    note: 'The default profile scope mapping includes the groups claim.',
  },
  {
    id: 'pocket-id', label: 'Pocket ID', issuerHint: 'https://id.example.com',
    scopes: 'openid email profile groups', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups',
    note: 'Groups are sent when the groups scope is requested.',
  },
  {
    id: 'keycloak', label: 'Keycloak', issuerHint: 'https://keycloak.example.com/realms/<realm>',
    scopes: 'openid email profile', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups',
    note: 'Add a "Group Membership" mapper (token claim name: groups, full path off) to the client.',
  },
  {
    id: 'authelia', label: 'Authelia', issuerHint: 'https://auth.example.com',
    scopes: 'openid email profile groups', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups',
    note: 'Groups are sent when the groups scope is requested.',
  },
  {
    id: 'generic', label: 'Generic OpenID Connect', issuerHint: 'https://issuer.example.com',
    scopes: 'openid email profile', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups',
    note: 'Any provider with OpenID Connect discovery (/.well-known/openid-configuration).',
  },
];

export const PRESET_IDS = SSO_PRESETS.map((p) => p.id) as [string, ...string[]];

export function presetOf(id: string): SsoPreset {
  return SSO_PRESETS.find((p) => p.id === id) ?? SSO_PRESETS[SSO_PRESETS.length - 1]!;
}
