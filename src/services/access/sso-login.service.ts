import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { SsoRepo } from '../../db/repositories/access/sso.repo.js';
import { UsersRepo } from '../../db/repositories/access/users.repo.js';
import { GroupsRepo } from '../../db/repositories/access/groups.repo.js';
import { PermissionError, ValidationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthProvider } from './better-auth.js';
import type { SsoProvider, SsoProvidersService } from './sso-providers.service.js';
import { groupsFromClaims } from './sso-groups.js';

const LOGIN_TTL_MS = 10 * 60_000;

export interface SsoLoginResult {
  userId: string;
  email: string;
  groups: string[];
  created: boolean;
  returnTo: string;
}

/**
 * Authorization code flow with PKCE, state and nonce (openid-client). On return the ID token's claims
 * pick the user (by subject, then by verified e-mail) and, when a groups claim is configured, replace
 * the user's groups with the mapped ones on every login, so the identity provider stays in charge.
 */
export class SsoLoginService {
  private readonly configs = new Map<string, { key: string; config: oidc.Configuration }>();

  constructor(
    private readonly providers: SsoProvidersService,
    private readonly repo: SsoRepo,
    private readonly users: UsersRepo,
    private readonly groups: GroupsRepo,
    private readonly auth: AuthProvider,
    private readonly clock: Clock,
  ) {}

  async start(providerId: string, origin: string, returnTo: string): Promise<string> {
    const { provider, config } = await this.configFor(providerId);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const redirectUri = `${origin}${provider.callbackPath}`;
    const now = this.clock.now();
    await this.repo.deleteLoginsBefore(new Date(now.getTime() - LOGIN_TTL_MS).toISOString());
    await this.repo.insertLogin({
      state, provider_id: provider.id, code_verifier: verifier, nonce, redirect_uri: redirectUri,
      return_to: safeReturnTo(returnTo), created_at: now.toISOString(),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: provider.scopes, state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    return url.href;
  }

  async finish(providerId: string, callbackUrl: URL): Promise<SsoLoginResult> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const login = await this.repo.takeLogin(state);
    if (!login || login.provider_id !== providerId || this.clock.now().getTime() - Date.parse(login.created_at) > LOGIN_TTL_MS) {
      throw new ValidationError('This sign-in link is unknown or expired: start the sign-in again');
    }
    const { provider, config } = await this.configFor(providerId);
    // The callback must be checked against the exact redirect URI sent, whatever host the proxy shows us.
    const current = new URL(login.redirect_uri);
    current.search = callbackUrl.search;
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.code_verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new PermissionError(`Sign-in with ${provider.name} failed: ${(error as Error).message}`, { cause: error });
    }
    if (!claims) throw new PermissionError(`${provider.name} returned no ID token`);
    return { ...(await this.resolveUser(provider, claims)), returnTo: login.return_to };
  }

  private async resolveUser(provider: SsoProvider, claims: oidc.IDToken) {
    const accountProvider = `oidc:${provider.id}`;
    const email = String(claims[provider.emailClaim] ?? '').toLowerCase();
    if (claims.email_verified === false) throw new PermissionError(`${provider.name} reports the e-mail ${email} as unverified`);
    const linked = await this.users.byAccount(accountProvider, claims.sub);
    const { userId, created } = linked ? { userId: linked, created: false } : await this.linkOrCreate(provider, claims, email);
    const mapped = groupsFromClaims(provider, claims);
    const existing = (await this.groups.memberships([userId])).map((m) => m.group_id);
    const groups = mapped ?? (created ? provider.defaultGroups : existing);
    if (mapped || created) await this.groups.setMemberships(userId, groups);
    return { userId, email, groups, created };
  }

  private async linkOrCreate(provider: SsoProvider, claims: oidc.IDToken, email: string): Promise<{ userId: string; created: boolean }> {
    if (!email.includes('@')) throw new PermissionError(`${provider.name} sent no e-mail claim (${provider.emailClaim})`);
    const ctx = await (await this.auth()).$context;
    let userId = (await this.users.byEmail(email))?.id;
    let created = false;
    if (!userId) {
      if (!provider.autoCreateUsers) throw new PermissionError(`No Lifeboat account for ${email}: ask an administrator to create one`);
      const name = String(claims[provider.nameClaim] ?? email.split('@')[0]);
      userId = (await ctx.internalAdapter.createUser({ email, name, emailVerified: true }, { method: 'sso-oidc' })).id;
      created = true;
    }
    await ctx.internalAdapter.linkAccount({ userId, providerId: `oidc:${provider.id}`, accountId: claims.sub });
    return { userId, created };
  }

  private async configFor(providerId: string): Promise<{ provider: SsoProvider; config: oidc.Configuration }> {
    const { provider, clientSecret } = await this.providers.withSecret(providerId);
    if (!provider.enabled) throw new PermissionError(`The SSO provider ${provider.name} is disabled`);
    const key = `${provider.updatedAt}|${provider.issuer}`;
    const cached = this.configs.get(provider.id);
    if (cached?.key === key) return { provider, config: cached.config };
    const insecure = new URL(provider.issuer).protocol === 'http:';
    const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, clientSecret, undefined,
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    ).catch((error: Error) => {
      throw new ValidationError(`Cannot discover the OpenID provider at ${provider.issuer}: ${error.message}`, [], { cause: error });
    });
    this.configs.set(provider.id, { key, config });
    return { provider, config };
  }
}

/** Only same-site paths: never an absolute URL (no open redirect). */
export function safeReturnTo(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';
}
