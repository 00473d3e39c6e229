import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SecretBox } from '../../config/secret-box.js';
import { SsoRepo, type SsoProviderRow } from '../../db/repositories/access/sso.repo.js';
import { fromBool, parseJson, toBool } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { PRESET_IDS, presetOf } from './sso-presets.js';

const claimName = z.string().trim().min(1).max(100);
const groupIds = z.array(z.string().min(1)).max(50);

/** Every field, none defaulted: a PATCH changes only what it names. */
export const ssoProviderPatchSchema = z.object({
  name: z.string().trim().min(1).max(64),
  preset: z.enum(PRESET_IDS),
  issuer: z.url().max(500),
  clientId: z.string().trim().min(1).max(300),
  clientSecret: z.string().min(1).max(1000).describe('Write-only; stored sealed with the system key'),
  scopes: z.string().trim().min(1).max(300),
  emailClaim: claimName,
  nameClaim: claimName,
  groupsClaim: claimName.nullable().describe('ID-token claim holding the user\'s groups; null turns mapping off'),
  groupMapping: z.record(z.string().max(200), groupIds).describe('Claim value -> Lifeboat group ids'),
  defaultGroups: groupIds.describe('Groups of a user whose claim matches no mapping'),
  autoRedirect: z.boolean(),
  autoCreateUsers: z.boolean(),
  enabled: z.boolean(),
}).partial();

export const ssoProviderInputSchema = ssoProviderPatchSchema.required({ name: true, issuer: true, clientId: true }).extend({
  preset: z.enum(PRESET_IDS).default('generic'),
  groupMapping: z.record(z.string().max(200), groupIds).default({}).describe('Claim value -> Lifeboat group ids'),
  defaultGroups: groupIds.default([]).describe('Groups of a user whose claim matches no mapping'),
  autoRedirect: z.boolean().default(false),
  autoCreateUsers: z.boolean().default(true),
  enabled: z.boolean().default(true),
});
export type SsoProviderInput = z.input<typeof ssoProviderInputSchema>;

export interface SsoProviderSettings {
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string | null;
  groupMapping: Record<string, string[]>;
  defaultGroups: string[];
  autoRedirect: boolean;
  autoCreateUsers: boolean;
}

export interface SsoProvider extends SsoProviderSettings {
  id: string;
  name: string;
  preset: string;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  enabled: boolean;
  callbackPath: string;
  updatedAt: string;
}

/** OIDC providers configured through the API; the client secret never leaves the service unsealed. */
export class SsoProvidersService {
  constructor(private readonly repo: SsoRepo, private readonly box: SecretBox, private readonly clock: Clock,
    private readonly requireGroups: (ids: string[]) => Promise<void>) {}

  async list(): Promise<SsoProvider[]> {
    return (await this.repo.list()).map(toProvider);
  }

  async get(id: string): Promise<SsoProvider> {
    return toProvider(await this.row(id));
  }

  async create(raw: SsoProviderInput): Promise<SsoProvider> {
    const input = ssoProviderInputSchema.parse(raw);
    if (await this.repo.byName(input.name)) throw new ConflictError(`An SSO provider named ${input.name} already exists`);
    await this.checkGroups(input.groupMapping, input.defaultGroups);
    checkIssuer(input.issuer);
    const preset = presetOf(input.preset);
    const now = this.clock.now().toISOString();
    const settings: SsoProviderSettings = {
      scopes: input.scopes ?? preset.scopes,
      emailClaim: input.emailClaim ?? preset.emailClaim,
      nameClaim: input.nameClaim ?? preset.nameClaim,
      groupsClaim: input.groupsClaim === undefined ? preset.groupsClaim : input.groupsClaim,
      groupMapping: input.groupMapping,
      defaultGroups: input.defaultGroups,
      autoRedirect: input.autoRedirect,
      autoCreateUsers: input.autoCreateUsers,
    };
    const row: SsoProviderRow = {
      id: randomUUID(), name: input.name, preset: input.preset, issuer: input.issuer, client_id: input.clientId,
      client_secret: input.clientSecret ? this.box.encrypt(input.clientSecret) : null,
      settings: JSON.stringify(settings), enabled: fromBool(input.enabled), created_at: now, updated_at: now,
    };
    await this.repo.insert(row);
    return toProvider(row);
  }

  async update(id: string, raw: z.infer<typeof ssoProviderPatchSchema>): Promise<SsoProvider> {
    const current = await this.get(id);
    const { id: _id, hasClientSecret: _h, callbackPath: _c, updatedAt: _u, ...base } = current;
    const merged = ssoProviderInputSchema.parse({ ...base, ...raw, name: raw.name ?? current.name });
    await this.checkGroups(merged.groupMapping, merged.defaultGroups);
    checkIssuer(merged.issuer);
    const settings: SsoProviderSettings = {
      scopes: merged.scopes!, emailClaim: merged.emailClaim!, nameClaim: merged.nameClaim!,
      groupsClaim: merged.groupsClaim ?? null, groupMapping: merged.groupMapping, defaultGroups: merged.defaultGroups,
      autoRedirect: merged.autoRedirect, autoCreateUsers: merged.autoCreateUsers,
    };
    await this.repo.update(id, {
      name: merged.name, preset: merged.preset, issuer: merged.issuer, client_id: merged.clientId,
      ...(raw.clientSecret ? { client_secret: this.box.encrypt(raw.clientSecret) } : {}),
      settings: JSON.stringify(settings), enabled: fromBool(merged.enabled), updated_at: this.clock.now().toISOString(),
    });
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    await this.row(id);
    await this.repo.delete(id);
  }

  /** For the login flow only. */
  async withSecret(id: string): Promise<{ provider: SsoProvider; clientSecret: string | undefined }> {
    const row = await this.row(id);
    return { provider: toProvider(row), clientSecret: row.client_secret ? this.box.decrypt(row.client_secret) : undefined };
  }

  private async row(id: string): Promise<SsoProviderRow> {
    const row = await this.repo.get(id);
    if (!row) throw new NotFoundError(`No SSO provider ${id}`);
    return row;
  }

  private async checkGroups(mapping: Record<string, string[]>, defaults: string[]): Promise<void> {
    await this.requireGroups([...new Set([...Object.values(mapping).flat(), ...defaults])]);
  }
}

/** Plain http is accepted only for an issuer on this machine (development and tests). */
function checkIssuer(issuer: string): void {
  const url = new URL(issuer);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ValidationError('The issuer must be an https:// URL', [{ path: 'issuer', message: 'must use https' }]);
  }
}

function toProvider(row: SsoProviderRow): SsoProvider {
  const settings = parseJson<SsoProviderSettings>(row.settings, {} as SsoProviderSettings);
  return {
    id: row.id, name: row.name, preset: row.preset, issuer: row.issuer, clientId: row.client_id,
    hasClientSecret: row.client_secret !== null, enabled: toBool(row.enabled), ...settings,
    callbackPath: `/api/v1/sso/providers/${row.id}/callback`, updatedAt: row.updated_at,
  };
}
