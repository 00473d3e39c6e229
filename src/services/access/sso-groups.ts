import type { SsoProviderSettings } from './sso-providers.service.js';

/**
 * The Lifeboat groups a set of ID-token claims maps to, or undefined when the provider maps no groups
 * (no claim configured or an empty mapping). A user whose claim values match nothing gets the
 * provider's default groups (possibly none: signed in, allowed nothing).
 */
export function groupsFromClaims(settings: Pick<SsoProviderSettings, 'groupsClaim' | 'groupMapping' | 'defaultGroups'>, claims: Record<string, unknown>): string[] | undefined {
  if (!settings.groupsClaim || Object.keys(settings.groupMapping).length === 0) return undefined;
  const raw = claimAt(claims, settings.groupsClaim);
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[,\s]+/).filter(Boolean) : [];
  const out = new Set<string>();
  for (const value of values) for (const group of settings.groupMapping[value] ?? []) out.add(group);
  return out.size ? [...out] : [...settings.defaultGroups];
}

/** Supports dotted paths such as `realm_access.roles` (Keycloak roles). */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), claims);
}
