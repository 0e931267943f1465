import type { Role } from '@/db/schema';

export interface NavItem {
  href: string;
  label: string;
  icon: 'home' | 'inbox' | 'key' | 'users' | 'laptop' | 'plane' | 'list' | 'code' | 'settings' | 'file';
  adminOnly?: boolean;
  /** Shown only to holders of one of these roles, and not to admins (who reach it from Settings). */
  deskOnly?: readonly Role[];
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Home', icon: 'home' },
  { href: '/inbox', label: 'Inbox', icon: 'inbox' },
  { href: '/access-requests', label: 'Access requests', icon: 'key' },
  { href: '/hr-requests', label: 'HR requests', icon: 'users' },
  { href: '/equipment', label: 'Equipment', icon: 'laptop' },
  { href: '/travel', label: 'Travel', icon: 'plane' },
  // The generic queue is plumbing for admins (and integrators, through the API); people decide in the inbox.
  { href: '/pending', label: 'Pending items', icon: 'list', adminOnly: true },
  { href: '/explorer', label: 'API explorer', icon: 'code' },
  // HR edits document templates (admins find them in Settings).
  { href: '/settings/document-templates', label: 'Document templates', icon: 'file', deskOnly: ['hr'] },
  { href: '/settings', label: 'Settings', icon: 'settings', adminOnly: true },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  const admin = roles.includes('admin');
  return NAV_ITEMS.filter((item) => {
    if (item.adminOnly) return admin;
    if (item.deskOnly) return !admin && item.deskOnly.some((role) => roles.includes(role));
    return true;
  });
}
