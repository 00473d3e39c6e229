import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import type { AppDb } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export interface AuthOptions {
  appDb: AppDb;
  secret: string;
  /** Public URL (LIFEBOAT_BASE_URL); when https, cookies get the Secure flag and the __Secure- prefix. */
  baseUrl?: string;
  passwordLogin: boolean;
  logger: Logger;
}

export const AUTH_BASE_PATH = '/api/auth';
export const COOKIE_PREFIX = 'lifeboat';
export const SESSION_DAYS = 7;

/**
 * better-auth on the app database through our own Kysely instance: its tables are created by our
 * numbered migration 002 (renamed to auth_*), sign-up is closed (accounts come from set-up, the
 * admin API, the CLI or SSO), and its own rate limiter is off because ours covers every endpoint.
 */
export function createAuth(options: AuthOptions) {
  const secure = options.baseUrl?.startsWith('https://') ?? false;
  return betterAuth({
    appName: 'Lifeboat',
    basePath: AUTH_BASE_PATH,
    ...(options.baseUrl ? { baseURL: options.baseUrl, trustedOrigins: [new URL(options.baseUrl).origin] } : {}),
    secret: options.secret,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    database: { db: options.appDb.db as Kysely<any>, type: options.appDb.dialect },
    user: { modelName: 'auth_user' },
    session: { modelName: 'auth_session', expiresIn: SESSION_DAYS * 86_400, updateAge: 86_400 },
    account: { modelName: 'auth_account' },
    verification: { modelName: 'auth_verification' },
    emailAndPassword: {
      enabled: options.passwordLogin,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    plugins: [
      twoFactor({
        issuer: 'Lifeboat',
        schema: { twoFactor: { modelName: 'auth_two_factor' } },
        backupCodeOptions: { amount: 10, length: 10 },
      }),
    ],
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      // Ids made here, not by a column default: the same on SQLite and PostgreSQL.
      database: { generateId: () => randomUUID() },
    },
    logger: {
      // Without LIFEBOAT_BASE_URL the origin comes from each request, which is intended: not worth a warning.
      log: (level, message) => options.logger[message.includes('Base URL is not set') ? 'debug' : level]({ component: 'auth' }, message),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
export type AuthProvider = () => Promise<Auth>;
