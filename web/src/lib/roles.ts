// What each role sees first and which pages its menu lists (DOMAIN.md's roles). The
// server decides what a principal may read (a page outside one's scope answers 403,
// shown as such); this only chooses the start page and the menu. Pure.

import type { Role } from '../api/types';
import type { MessageKey } from '../i18n/messages';

export interface NavItem {
  path: string;
  label: MessageKey;
}

// The start page when a principal has several roles: the first of this order it holds.
const START: readonly [Role, string][] = [
  ['head_office', '/office'],
  ['auditor', '/audit'],
  ['branch_head', '/branch'],
  ['sales_specialist', '/agenda'],
  ['product_specialist', '/agenda'],
  ['admin', '/organisation'],
];

export function startPage(roles: readonly string[]): string {
  for (const [role, path] of START) if (roles.includes(role)) return path;
  return '/organisation';
}

const MENUS: Record<Role, NavItem[]> = {
  branch_head: [
    { path: '/branch', label: 'nav.dashboard' },
    { path: '/branch/assign', label: 'nav.assign' },
    { path: '/branch/plans', label: 'nav.plans' },
    { path: '/branch/campaign', label: 'nav.campaign' },
    { path: '/clients', label: 'nav.clients' },
  ],
  sales_specialist: [
    { path: '/agenda', label: 'nav.agenda' },
    { path: '/clients', label: 'nav.my_clients' },
  ],
  product_specialist: [
    { path: '/agenda', label: 'nav.agenda' },
    { path: '/clients', label: 'nav.clients' },
  ],
  head_office: [
    { path: '/office', label: 'nav.office' },
    { path: '/office/industry', label: 'nav.industry' },
    { path: '/audit/compliance', label: 'nav.compliance' },
    { path: '/audit', label: 'nav.timeline' },
    { path: '/audit/employees', label: 'nav.employee_history' },
    { path: '/audit/chain', label: 'nav.chain' },
  ],
  auditor: [
    { path: '/audit', label: 'nav.timeline' },
    { path: '/audit/employees', label: 'nav.employee_history' },
    { path: '/audit/compliance', label: 'nav.compliance' },
    { path: '/audit/chain', label: 'nav.chain' },
    { path: '/audit/export', label: 'nav.export' },
  ],
  admin: [
    { path: '/organisation', label: 'nav.organisation' },
    { path: '/audit/chain', label: 'nav.chain' },
  ],
};

// The menu of a principal: its roles' items in START order, each path once.
export function menuFor(roles: readonly string[]): NavItem[] {
  const out: NavItem[] = [];
  const seen = new Set<string>();
  for (const [role] of START) {
    if (!roles.includes(role)) continue;
    for (const item of MENUS[role]) {
      if (seen.has(item.path)) continue;
      seen.add(item.path);
      out.push(item);
    }
  }
  return out;
}

export const hasRole = (roles: readonly string[], ...wanted: Role[]) => wanted.some((r) => roles.includes(r));
