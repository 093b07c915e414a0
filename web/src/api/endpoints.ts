// Every route of the public HTTP API the UI calls (docs/design/server.md, "HTTP API"),
// one function each, so the list of calls is in one place. Parameters are the
// documented query parameters; nothing else is sent (the server refuses unknown ones).

import { type Api, type QueryValue, seg } from './client';
import type {
  Agenda,
  ChainLogStatus,
  ClientCard,
  ClientRow,
  ComplianceReport,
  ContactCheck,
  Dashboard,
  EmployeeRow,
  Envelope,
  HeadOfficeReport,
  HistoryEntry,
  IndustryRow,
  LoginResponse,
  Organisation,
  Principal,
  QueryAnswer,
  ViewerRow,
} from './types';

// "as of": a time (ISO, whole seconds) or a seq; at most one.
export interface AsOf {
  as_of?: string;
  as_of_seq?: number;
}

function listOf<T>(value: unknown, ...keys: string[]): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object') {
    for (const key of keys) {
      const inner = (value as Record<string, unknown>)[key];
      if (Array.isArray(inner)) return inner as T[];
    }
  }
  return [];
}

export const login = (api: Api, body: { login: string; password: string }) =>
  api.request<LoginResponse>('POST', '/api/login', { body });

export const logout = (api: Api) => api.request<unknown>('POST', '/api/logout');

// The UI picks the start page from the roles itself (lib/roles.ts), so only the principal.
export async function me(api: Api): Promise<{ principal: Principal }> {
  const body = await api.get<{ principal?: Principal } & Partial<Principal>>('/api/me');
  return { principal: body.principal ?? (body as Principal) };
}

export async function organisation(api: Api): Promise<Organisation> {
  const { result } = await api.query<Partial<Organisation>>('/api/organisation');
  return {
    regions: result.regions ?? [],
    branches: result.branches ?? [],
    departments: result.departments ?? [],
    products: result.products ?? [],
    refusal_reasons: (result.refusal_reasons ?? []).map((r: unknown) =>
      typeof r === 'string' ? r : String((r as { reason?: string; name?: string }).reason ?? (r as { name?: string }).name ?? ''),
    ),
  };
}

export async function clients(
  api: Api,
  params: { branch?: string; assigned_to?: string; q?: string; limit?: number },
  signal?: AbortSignal,
): Promise<ClientRow[]> {
  const answer = await api.query<unknown>('/api/clients', params as Record<string, QueryValue>, signal);
  return listOf<ClientRow>(answer.result, 'clients');
}

// The clients of `ids` (head office and auditors: the look-up takes no scope), for the
// names of the ids a report shows; unknown ids are left out. No request for no ids, and
// one per 100 ids, so that a request line stays well inside the server's header limit.
export async function clientsByIds(api: Api, ids: string[], signal?: AbortSignal): Promise<ClientRow[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const answers = await Promise.all(chunks.map((chunk) => api.query<unknown>('/api/clients', { ids: chunk.join(',') }, signal)));
  return answers.flatMap((answer) => listOf<ClientRow>(answer.result, 'clients'));
}

export const contactCheck = (api: Api, clientId: string) =>
  api.query<ContactCheck>(`/api/clients/${seg(clientId)}/contact-check`);

export async function employees(api: Api, params: { branch?: string }): Promise<EmployeeRow[]> {
  const answer = await api.query<unknown>('/api/employees', params);
  return listOf<EmployeeRow>(answer.result, 'employees');
}

export const dashboard = (
  api: Api,
  branchId: string,
  params: { week?: string; now?: string; min_seq?: number } & AsOf,
  signal?: AbortSignal,
) => api.query<Dashboard>(`/api/branches/${seg(branchId)}/dashboard`, { ...params }, signal);

export const card = (api: Api, clientId: string, params: AsOf = {}, signal?: AbortSignal) =>
  api.query<ClientCard>(`/api/clients/${seg(clientId)}/card`, { ...params }, signal);

export const trail = (api: Api, clientId: string, params: AsOf = {}, signal?: AbortSignal) =>
  api.query<Envelope[]>(`/api/clients/${seg(clientId)}/trail`, { ...params }, signal);

export async function viewers(api: Api, clientId: string, params: { from?: string; until?: string }): Promise<QueryAnswer<ViewerRow[]>> {
  const answer = await api.query<unknown>(`/api/clients/${seg(clientId)}/viewers`, params);
  return { ...answer, result: listOf<ViewerRow>(answer.result, 'viewers') };
}

export const agenda = (api: Api, employeeId: string, params: { now?: string } = {}) =>
  api.query<Agenda>(`/api/employees/${seg(employeeId)}/agenda`, params);

export const history = (
  api: Api,
  employeeId: string,
  params: { from?: string; until?: string; type?: string; limit?: number; as_of_seq?: number },
) => api.query<HistoryEntry[]>(`/api/employees/${seg(employeeId)}/history`, params);

export const headOffice = (api: Api, params: { from_week?: string; until_week?: string; as_of?: string }) =>
  api.query<HeadOfficeReport>('/api/reports/head-office', params);

export const industry = (api: Api, params: { as_of?: string } = {}) =>
  api.query<IndustryRow[]>('/api/reports/industry', params);

export const compliance = (api: Api, params: { from?: string; until?: string; as_of?: string }) =>
  api.query<ComplianceReport>('/api/reports/compliance', params);

// GET /api/chain: {"<log name>": ChainLogStatus, ...} (e.g. "events", "access"), possibly
// wrapped as a query answer or under "logs".
export async function chain(api: Api): Promise<Record<string, ChainLogStatus>> {
  const { result } = await api.query<unknown>('/api/chain');
  const body = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  const logs = (body.logs && typeof body.logs === 'object' ? body.logs : body) as Record<string, unknown>;
  if (Array.isArray(logs)) {
    return Object.fromEntries(
      logs.map((log: Record<string, unknown>, i: number) => [String(log.name ?? log.log ?? i), log as unknown as ChainLogStatus]),
    );
  }
  const out: Record<string, ChainLogStatus> = {};
  for (const [name, value] of Object.entries(logs)) {
    if (value && typeof value === 'object') out[name] = value as ChainLogStatus;
  }
  return out;
}

// GET /api/export: the period's events, streamed; fetched whole into a Blob to save.
export async function exportPeriod(
  api: Api,
  params: { from?: string; to?: string; format: 'jsonl' | 'csv' },
  signal?: AbortSignal,
): Promise<{ blob: Blob; filename: string }> {
  const response = await api.fetchRaw('GET', '/api/export', {
    query: params,
    headers: { Accept: params.format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
    ...(signal ? { signal } : {}),
  });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename="?([^";]+)"?/.exec(disposition)?.[1];
  const stamp = (params.from ?? 'start').slice(0, 10) + '_' + (params.to ?? 'now').slice(0, 10);
  return { blob, filename: named ?? `prospekt-export_${stamp}.${params.format}` };
}
