import { Archive, Database, HardDrive, History, LayoutDashboard, ListChecks, Settings, type LucideIcon } from 'lucide-react';

export interface NavItem {
  to: '/' | '/jobs' | '/executions' | '/storage' | '/sources' | '/destinations' | '/settings';
  label: string;
  icon: LucideIcon;
  /** Shown only to users holding this permission (the server enforces it anyway). */
  permission?: string;
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard },
  { to: '/jobs', label: 'Jobs', icon: ListChecks, permission: 'jobs:read' },
  { to: '/executions', label: 'Executions', icon: History, permission: 'executions:read' },
  { to: '/storage', label: 'Storage', icon: Archive, permission: 'backups:read' },
  { to: '/sources', label: 'Sources', icon: Database, permission: 'sources:read' },
  { to: '/destinations', label: 'Destinations', icon: HardDrive, permission: 'destinations:read' },
  { to: '/settings', label: 'Settings', icon: Settings },
];
