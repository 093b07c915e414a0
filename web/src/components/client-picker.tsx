// Search a branch's clients (GET /api/clients?branch&q&limit) and pick several: a search
// box, an "unassigned only" filter, and a table of checkboxes (with "select all shown").
// The picked rows are the caller's state.

import { useEffect, useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { ClientRow } from '../api/types';
import { useApp } from '../app-context';
import { AsyncBlock, DataTable, usePersonal } from './ui';

export function ClientPicker(props: {
  branch: string;
  selected: Map<string, ClientRow>;
  onChange: (next: Map<string, ClientRow>) => void;
  employeeName: (id: string) => string;
  refreshKey?: number;
}) {
  const { t, api, label } = useApp();
  const personal = usePersonal();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [unassignedOnly, setUnassignedOnly] = useState(false);
  const [rows, setRows] = useState<ClientRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    const controller = new AbortController();
    setRows(null);
    endpoints
      .clients(api, { branch: props.branch, q: search, limit: 100 }, controller.signal)
      .then((r) => {
        setRows(r);
        setError(null);
      })
      .catch((e) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [api, props.branch, search, props.refreshKey]);

  const shown = (rows ?? []).filter((r) => !unassignedOnly || !r.assigned_employee_id);
  const allShown = shown.length > 0 && shown.every((r) => props.selected.has(r.client_id));
  const toggle = (row: ClientRow, on: boolean) => {
    const next = new Map(props.selected);
    if (on) next.set(row.client_id, row);
    else next.delete(row.client_id);
    props.onChange(next);
  };
  const toggleAll = (on: boolean) => {
    const next = new Map(props.selected);
    for (const r of shown) {
      if (on) next.set(r.client_id, r);
      else next.delete(r.client_id);
    }
    props.onChange(next);
  };

  return (
    <div class="picker">
      <div class="toolbar">
        <label>
          {t('picker.search')}{' '}
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t('picker.search_hint')} />
        </label>
        <label class="check">
          <input type="checkbox" checked={unassignedOnly} onChange={(e) => setUnassignedOnly(e.currentTarget.checked)} />{' '}
          {t('picker.unassigned_only')}
        </label>
        <span role="status" class="hint">
          {t('picker.selected', { n: props.selected.size })}
        </span>
        {props.selected.size > 0 ? (
          <button type="button" class="secondary" onClick={() => props.onChange(new Map())}>
            {t('picker.clear')}
          </button>
        ) : null}
      </div>
      {/* Loading until there are rows or an error. */}
      <AsyncBlock data={rows} error={error} loading={!error}>
        {() => (
          <div class="scroll">
            <DataTable
              class="selectable"
              columns={[
                <input type="checkbox" aria-label={t('picker.select_all')} checked={allShown} onChange={(e) => toggleAll(e.currentTarget.checked)} />,
                t('common.client'),
                t('common.status'),
                t('common.industry'),
                t('common.assignee'),
              ]}
              rows={shown}
              row={(r) => {
                const id = `pick-${r.client_id}`;
                return (
                  <tr key={r.client_id} class={props.selected.has(r.client_id) ? 'picked' : ''}>
                    <td>
                      <input id={id} type="checkbox" checked={props.selected.has(r.client_id)} onChange={(e) => toggle(r, e.currentTarget.checked)} />
                    </td>
                    <td>
                      <label for={id}>{personal(r.name)}</label> <small class="muted">{r.client_id}</small>
                    </td>
                    <td>{label('status', r.status)}</td>
                    <td>{r.industry || '—'}</td>
                    <td>{r.assigned_employee_id ? props.employeeName(r.assigned_employee_id) : <em>{t('picker.unassigned')}</em>}</td>
                  </tr>
                );
              }}
            />
            {shown.length === 0 ? <p class="empty">{t('picker.none')}</p> : null}
          </div>
        )}
      </AsyncBlock>
    </div>
  );
}
