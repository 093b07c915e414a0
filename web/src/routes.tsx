// The pages and their paths. A visitor without a session goes to /login (and back after
// signing in); "/" and "/login" with a session go to the role's start page.

import type { FunctionComponent } from 'preact';
import type { Principal } from './api/types';
import { startPage } from './lib/roles';
import { matchRoute, type Params, withQuery } from './lib/router';
import { AgendaPage } from './pages/agenda';
import { AssignPage } from './pages/assign';
import { AuditClientPage, AuditSearchPage } from './pages/audit-client';
import { CampaignPage } from './pages/campaign';
import { ChainPage } from './pages/chain';
import { ClientCardPage } from './pages/client-card';
import { ClientsPage } from './pages/clients';
import { CompliancePage } from './pages/compliance';
import { DashboardPage } from './pages/dashboard';
import { EmployeeHistoryPage, EmployeesPage } from './pages/employees';
import { ExportPage } from './pages/export';
import { HeadOfficePage } from './pages/head-office';
import { IndustryPage } from './pages/industry';
import { LogContactPage } from './pages/log-contact';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { OrganisationPage } from './pages/organisation';
import { PlansPage } from './pages/plans';

export type PageProps = { params: Params };
type Page = FunctionComponent<PageProps>;

const ROUTES: [string, Page][] = [
  ['/login', LoginPage],
  ['/branch', DashboardPage],
  ['/branch/assign', AssignPage],
  ['/branch/plans', PlansPage],
  ['/branch/campaign', CampaignPage],
  ['/branch/:branchId', DashboardPage],
  ['/agenda', AgendaPage],
  ['/employees/:employeeId/agenda', AgendaPage],
  ['/clients', ClientsPage],
  ['/clients/:clientId', ClientCardPage],
  ['/clients/:clientId/log', LogContactPage],
  ['/audit', AuditSearchPage],
  ['/audit/clients/:clientId', AuditClientPage],
  ['/audit/employees', EmployeesPage],
  ['/audit/employees/:employeeId', EmployeeHistoryPage],
  ['/audit/chain', ChainPage],
  ['/audit/compliance', CompliancePage],
  ['/audit/export', ExportPage],
  ['/office', HeadOfficePage],
  ['/office/industry', IndustryPage],
  ['/organisation', OrganisationPage],
];

export function resolveRoute(path: string, principal: Principal | null): { page: Page; params: Params; redirect?: string } {
  if (!principal) {
    if (matchRoute('/login', path)) return { page: LoginPage, params: {} };
    const next = path === '/' ? undefined : path + window.location.search;
    return { page: LoginPage, params: {}, redirect: withQuery('/login', { next }) };
  }
  if (path === '/' || matchRoute('/login', path)) {
    return { page: NotFoundPage, params: {}, redirect: startPage(principal.roles) };
  }
  for (const [pattern, page] of ROUTES) {
    const params = matchRoute(pattern, path);
    if (params) return { page, params };
  }
  return { page: NotFoundPage, params: {} };
}
