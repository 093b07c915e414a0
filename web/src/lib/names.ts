// Names for the ids the views carry (employees, clients, branches, products), loaded from
// the directory routes. A name that cannot be loaded (no right, not found) shows as its
// id: the views stay readable either way.

import { useEffect, useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { Api } from '../api/client';
import type { ClientRow, EmployeeRow, Organisation } from '../api/types';
import { useApp } from '../app-context';

export function useEmployees(branch: string | undefined): EmployeeRow[] | null {
  const { api } = useApp();
  const [rows, setRows] = useState<EmployeeRow[] | null>(null);
  useEffect(() => {
    let live = true;
    setRows(null);
    endpoints
      .employees(api, branch ? { branch } : {})
      .then((r) => live && setRows(r))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [api, branch]);
  return rows;
}

// Rows loaded again whenever `key` changes (not at all while it is null), the load
// before aborted; null while the first load runs, [] when a load fails.
function useRows<T>(key: string | null, load: (api: Api, signal: AbortSignal) => Promise<T[]>): T[] | null {
  const { api } = useApp();
  const [rows, setRows] = useState<T[] | null>(null);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(api, controller.signal)
      .then((r) => setRows(r))
      .catch(() => !controller.signal.aborted && setRows([]));
    return () => controller.abort();
  }, [api, key]);
  return rows;
}

export function useClientRows(params: { branch?: string; assigned_to?: string; limit?: number } | null): ClientRow[] | null {
  return useRows(params ? JSON.stringify(params) : null, (api, signal) => endpoints.clients(api, params!, signal));
}

// The rows of the named clients (GET /api/clients?ids=), loaded again when the set of
// ids changes.
export function useClientsByIds(ids: string[]): ClientRow[] | null {
  const key = [...new Set(ids)].sort().join(',');
  return useRows(key, (api, signal) => endpoints.clientsByIds(api, key ? key.split(',') : [], signal));
}

export function nameMap<T>(rows: T[] | null, id: (row: T) => string, name: (row: T) => string): (id: string) => string {
  const map = new Map<string, string>();
  for (const row of rows ?? []) map.set(id(row), name(row));
  return (key: string) => (key ? map.get(key) || key : '—');
}

export function branchName(org: Organisation | null, id: string): string {
  return org?.branches.find((b) => b.branch_id === id)?.name ?? id;
}

export function regionName(org: Organisation | null, id: string): string {
  return org?.regions.find((r) => r.region_id === id)?.name ?? id;
}

// Departments are opened per branch under ids that repeat from branch to branch
// ("loans"); the branch's own name is preferred.
export function departmentName(org: Organisation | null, id: string, branchId: string): string {
  const same = org?.departments.filter((d) => d.department_id === id) ?? [];
  return (same.find((d) => d.branch_id === branchId) ?? same[0])?.name ?? id;
}

export function productName(org: Organisation | null, code: string): string {
  return org?.products.find((p) => p.product_code === code)?.name ?? code;
}
