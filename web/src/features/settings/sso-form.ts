import type { Schemas } from '../../api/client';

type Provider = Schemas['SsoProvider'];
type Group = Pick<Schemas['Group'], 'id' | 'name'>;

/** The provider form as typed: text fields, mapping as lines "claim value: group, group". */
export interface SsoForm {
  name: string;
  preset: string;
  issuer: string;
  clientId: string;
  /** Empty on edit keeps the stored secret. */
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
  mapping: string;
  defaultGroups: string[];
  enabled: boolean;
  autoCreateUsers: boolean;
}

export const EMPTY_SSO_FORM: SsoForm = {
  name: '', preset: 'generic', issuer: '', clientId: '', clientSecret: '', scopes: '', groupsClaim: '', mapping: '', defaultGroups: [], enabled: true, autoCreateUsers: true,
};

const nameOf = (groups: Group[], id: string) => groups.find((g) => g.id === id)?.name ?? id;

export function ssoFormFrom(provider: Provider, groups: Group[]): SsoForm {
  const mapping = Object.entries(provider.groupMapping).map(([value, ids]) => `${value}: ${ids.map((id) => nameOf(groups, id)).join(', ')}`).join('\n');
  return {
    name: provider.name, preset: provider.preset, issuer: provider.issuer, clientId: provider.clientId, clientSecret: '', scopes: provider.scopes,
    groupsClaim: provider.groupsClaim ?? '', mapping, defaultGroups: provider.defaultGroups, enabled: provider.enabled, autoCreateUsers: provider.autoCreateUsers,
  };
}

/** "admins: administrator\nops: operator, viewer" -> claim value -> group ids; unknown group names are problems. */
export function parseMapping(text: string, groups: Group[]): { mapping: Record<string, string[]>; problems: string[] } {
  const mapping: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.lastIndexOf(':');
    const value = line.slice(0, colon).trim();
    if (colon < 0 || !value) {
      problems.push(`Write “${line}” as claim value: group, group`);
      continue;
    }
    const names = line.slice(colon + 1).split(',').map((n) => n.trim()).filter(Boolean);
    const ids = names.map((name) => groups.find((g) => g.name === name || g.id === name)?.id);
    names.forEach((name, i) => ids[i] === undefined && problems.push(`No group named “${name}”`));
    mapping[value] = ids.filter((id): id is string => id !== undefined);
  }
  return { mapping, problems };
}

/** The request body: on create, empty optional fields are left to the preset; on edit, an empty secret keeps the stored one. */
export function ssoBody(form: SsoForm, groups: Group[], editing: boolean): { body: Record<string, unknown>; problems: string[] } {
  const { mapping, problems } = parseMapping(form.mapping, groups);
  if (!form.name.trim()) problems.unshift('Give the button a label');
  if (!form.issuer.trim()) problems.push('Write the issuer URL');
  if (!form.clientId.trim()) problems.push('Write the client ID');
  const body: Record<string, unknown> = {
    name: form.name.trim(), preset: form.preset, issuer: form.issuer.trim(), clientId: form.clientId.trim(),
    groupsClaim: form.groupsClaim.trim() || null, groupMapping: mapping, defaultGroups: form.defaultGroups,
    enabled: form.enabled, autoCreateUsers: form.autoCreateUsers,
  };
  if (form.clientSecret) body.clientSecret = form.clientSecret;
  if (form.scopes.trim()) body.scopes = form.scopes.trim();
  if (!editing && body.groupsClaim === null) delete body.groupsClaim;
  return { body, problems };
}
