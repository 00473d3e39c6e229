import { useState } from 'react';
import { PageHeader } from '../../components/layout/page-header';
import { cn } from '../../lib/utils';
import { useCan } from '../auth/session';
import { AuditSection } from './audit-section';
import { ConfigBackupSection } from './config-backup-section';
import { EncryptionSection } from './encryption-section';
import { GeneralSection } from './general-section';
import { NotificationsSection } from './notifications-section';
import { SsoSection } from './sso-section';
import { TokensSection } from './tokens-section';
import { UsersSection } from './users-section';

const SECTIONS = [
  { id: 'general', label: 'General', permission: 'settings:read', Component: GeneralSection },
  { id: 'encryption', label: 'Encryption', permission: 'encryption:read', Component: EncryptionSection },
  { id: 'notifications', label: 'Notifications', permission: 'notifications:read', Component: NotificationsSection },
  { id: 'users', label: 'Users and groups', permission: 'users:read', Component: UsersSection },
  { id: 'sso', label: 'Single sign-on', permission: 'sso:read', Component: SsoSection },
  { id: 'tokens', label: 'API tokens', permission: 'tokens:read', Component: TokensSection },
  { id: 'audit', label: 'Audit log', permission: 'audit:read', Component: AuditSection },
  { id: 'config-backup', label: 'Configuration backup', permission: 'settings:read', Component: ConfigBackupSection },
] as const;

/** Settings in tabs; only the sections the user's permissions allow are offered. */
export function SettingsPage() {
  const can = useCan();
  const sections = SECTIONS.filter((s) => can(s.permission));
  const [chosen, setChosen] = useState<string>(() => window.location.hash.slice(1) || sections[0]?.id || ''); // "#notifications" opens that tab
  const current = sections.find((s) => s.id === chosen) ?? sections[0];
  return (
    <>
      <PageHeader title="Settings" description="How Lifeboat runs, encryption, notifications, people and access." />
      <div role="tablist" aria-label="Settings sections" className="mb-6 flex flex-wrap gap-1 border-b">
        {sections.map((s) => (
          <button key={s.id} type="button" role="tab" aria-selected={s.id === current?.id} onClick={() => setChosen(s.id)}
            className={cn('-mb-px border-b-2 px-3 py-2 text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring', s.id === current?.id ? 'border-primary font-medium text-primary' : 'border-transparent text-muted-foreground hover:text-foreground')}>
            {s.label}
          </button>
        ))}
      </div>
      {current ? <div role="tabpanel" aria-label={current.label}><current.Component /></div> : <p className="text-sm text-muted-foreground">Your account has no settings it may change. Ask an administrator.</p>}
    </>
  );
}
