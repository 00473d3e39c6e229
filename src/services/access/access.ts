import type { AppDb } from '../../db/database.js';
import type { SecretBox } from '../../config/secret-box.js';
import { AuditRepo } from '../../db/repositories/access/audit.repo.js';
import { GroupsRepo } from '../../db/repositories/access/groups.repo.js';
import { SsoRepo } from '../../db/repositories/access/sso.repo.js';
import { TokensRepo } from '../../db/repositories/access/tokens.repo.js';
import { UsersRepo } from '../../db/repositories/access/users.repo.js';
import { SettingsRepo } from '../../db/repositories/settings.repo.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { AuditService } from './audit.service.js';
import { loadAuthSecret } from './auth-secret.js';
import { createAuth, type Auth, type AuthProvider } from './better-auth.js';
import { GroupsService } from './groups.service.js';
import { SetupService } from './setup.service.js';
import { SsoLoginService } from './sso-login.service.js';
import { SsoProvidersService } from './sso-providers.service.js';
import { TokensService } from './tokens.service.js';
import { UsersService } from './users.service.js';

export interface AccessDeps {
  appDb: AppDb;
  secretBox: SecretBox;
  clock: Clock;
  logger: Logger;
  baseUrl?: string;
  passwordLogin: boolean;
}

export interface AccessServices {
  /** better-auth, created on first use (its secret is read from the app database). */
  auth: AuthProvider;
  users: UsersService;
  groups: GroupsService;
  tokens: TokensService;
  audit: AuditService;
  setup: SetupService;
  ssoProviders: SsoProvidersService;
  ssoLogin: SsoLoginService;
  passwordLogin: boolean;
  baseUrl?: string;
}

/** Builds every access service on the app database (synchronously: nothing is read until first use). */
export function createAccessServices(deps: AccessDeps): AccessServices {
  const db = deps.appDb.db;
  let instance: Promise<Auth> | undefined;
  const auth: AuthProvider = () =>
    (instance ??= loadAuthSecret(db, deps.secretBox).then((secret) =>
      createAuth({ appDb: deps.appDb, secret, baseUrl: deps.baseUrl, passwordLogin: deps.passwordLogin, logger: deps.logger }),
    ));
  const groupsRepo = new GroupsRepo(db);
  const usersRepo = new UsersRepo(db);
  const ssoRepo = new SsoRepo(db);
  const groups = new GroupsService(groupsRepo, deps.clock);
  const users = new UsersService(auth, usersRepo, groupsRepo, groups);
  const ssoProviders = new SsoProvidersService(ssoRepo, deps.secretBox, deps.clock, (ids) => groups.requireAll(ids));
  return {
    auth,
    users,
    groups,
    tokens: new TokensService(new TokensRepo(db), groups, deps.clock),
    audit: new AuditService(new AuditRepo(db), new SettingsRepo(db), deps.clock, deps.logger),
    setup: new SetupService(db, users),
    ssoProviders,
    ssoLogin: new SsoLoginService(ssoProviders, ssoRepo, usersRepo, groupsRepo, auth, deps.clock),
    passwordLogin: deps.passwordLogin,
    baseUrl: deps.baseUrl,
  };
}
