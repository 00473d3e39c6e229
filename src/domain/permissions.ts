/**
 * Permissions are resource × action. Every route declares one (or is explicitly public); one middleware
 * enforces it. Built-in groups are defined here so the server, the UI and the tests share one truth.
 */
export const RESOURCES = [
  'sources', 'destinations', 'jobs', 'executions', 'backups', 'restore', 'encryption',
  'notifications', 'users', 'sso', 'tokens', 'settings', 'audit',
] as const;
export const ACTIONS = ['read', 'write', 'execute'] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type Permission = `${Resource}:${Action}`;

/** What a route requires: a permission, or 'public' for health, login and first-run set-up. */
export type RouteAccess = Permission | 'public' | 'authenticated';

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) => ACTIONS.map((a) => `${r}:${a}` as Permission));

const ADMIN_ONLY: Resource[] = ['users', 'sso', 'settings', 'audit'];

export const BUILT_IN_GROUPS = {
  administrator: ALL_PERMISSIONS,
  /** Runs and restores backups and manages sources, destinations and jobs; no user or system administration. */
  operator: ALL_PERMISSIONS.filter((p) => !ADMIN_ONLY.includes(p.split(':')[0] as Resource) || p === 'settings:read'),
  /** Sees everything operational, changes nothing. */
  viewer: ALL_PERMISSIONS.filter((p) => p.endsWith(':read') && !ADMIN_ONLY.includes(p.split(':')[0] as Resource)),
} satisfies Record<string, Permission[]>;

export type BuiltInGroup = keyof typeof BUILT_IN_GROUPS;

export function isPermission(text: string): text is Permission {
  return (ALL_PERMISSIONS as string[]).includes(text);
}
