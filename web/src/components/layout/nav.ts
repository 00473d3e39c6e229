import { Archive, Database, HardDrive, History, LayoutDashboard, ListChecks, Settings, type LucideIcon } from 'lucide-react';

export interface NavItem {
  to: '/' | '/jobs' | '/executions' | '/storage' | '/sources' | '/destinations' | '/settings';
  label: string;
  icon: LucideIcon;
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard },
  { to: '/jobs', label: 'Jobs', icon: ListChecks },
  { to: '/executions', label: 'Executions', icon: History },
  { to: '/storage', label: 'Storage', icon: Archive },
  { to: '/sources', label: 'Sources', icon: Database },
  { to: '/destinations', label: 'Destinations', icon: HardDrive },
  { to: '/settings', label: 'Settings', icon: Settings },
];
