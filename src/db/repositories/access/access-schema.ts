import type { Generated } from 'kysely';

/**
 * Tables of migration 002. better-auth's own tables (auth_user, auth_session, auth_account,
 * auth_verification, auth_two_factor) are read and written through better-auth; the ones typed here
 * are ours. Timestamps are ISO text, booleans 0/1, JSON text (see dialect.ts).
 */
export interface AuthUserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean | number;
  image: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
  twoFactorEnabled: boolean | number | null;
}

export interface AuthSecretTable {
  id: string;
  secret: string;
}

export interface GroupsTable {
  id: string;
  name: string;
  description: string;
  permissions: string;
  built_in: number;
  created_at: string;
}

export interface UserGroupsTable {
  user_id: string;
  group_id: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  permissions: string;
  expires_at: string | null;
  created_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
}

export interface SsoProvidersTable {
  id: string;
  name: string;
  preset: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  settings: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface SsoLoginsTable {
  state: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  redirect_uri: string;
  return_to: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_email: string | null;
  token_id: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
}

export interface AccessTables {
  auth_user: AuthUserTable;
  auth_secret: AuthSecretTable;
  groups: GroupsTable;
  user_groups: UserGroupsTable;
  api_tokens: ApiTokensTable;
  sso_providers: SsoProvidersTable;
  sso_logins: SsoLoginsTable;
  audit_log: AuditLogTable;
}
