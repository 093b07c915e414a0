// Small building blocks shared by the pages: links that stay in the app, the page title,
// error and loading states and the block that shows them around loaded data, tables with
// their empty state, labelled form fields with their error beside them, and the
// rendering of personal data and ids. Keyboard use comes from real elements (a, button,
// label + input); focus stays visible through styles.css.

import type { ComponentChildren, JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { PersonalText } from '../api/types';
import { useApp } from '../app-context';
import type { MessageKey } from '../i18n/i18n';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  const { navigate } = useApp();
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} onClick={onClick} class={props.class} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

export function PageTitle(props: { children: string; sub?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.children} — Prospekt`;
  }, [props.children]);
  return (
    <div class="page-title">
      <h1>{props.children}</h1>
      {props.sub ? <p class="sub">{props.sub}</p> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useApp();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

// An error of a request: 403 shows the server's reason as a refusal of the page. `title`
// replaces the generic one ("The request failed") when the caller knows what failed.
export function ErrorView(props: { error: unknown; title?: string; retry?: () => void }) {
  const { t } = useApp();
  const e = props.error;
  let title: string = t('error.request_failed');
  let detail = String((e as Error)?.message ?? e);
  if (e instanceof ApiError) {
    if (e.status === 403) title = t('error.forbidden');
    else if (e.status === 404) title = t('error.not_found');
    else if (e.status === 0) title = t('error.network');
    else if (e.status >= 500) title = t('error.server');
    detail = `${e.message} (HTTP ${e.status || '—'}${e.code ? ', ' + e.code : ''})`;
  }
  return (
    <div class="alert error" role="alert" data-status={e instanceof ApiError ? e.status : undefined}>
      <strong>{props.title ?? title}</strong>
      <p>{detail}</p>
      {props.retry && !(e instanceof ApiError && (e.status === 403 || e.status === 404)) ? (
        <button type="button" onClick={props.retry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

// Data being loaded, in this order: the request's error (with a retry button where
// `retry` is given and the error allows one), the loading line while `loading` and no
// data is there yet, then `children(data)` once there is data (kept on show through a
// reload). useLoad's data (or its .result), error and loading fit it as they are.
export function AsyncBlock<T>(props: {
  data: T | null | undefined;
  error: unknown;
  loading: boolean;
  retry?: () => void;
  children: (data: T) => ComponentChildren;
}) {
  const { data, error } = props;
  return (
    <>
      {error ? <ErrorView error={error} retry={props.retry} /> : null}
      {props.loading && data == null ? <Loading /> : null}
      {data != null ? props.children(data) : null}
    </>
  );
}

// A table: an optional caption, a header row of `columns` (each a th scope=col; a null,
// false or empty entry is left out, for a column only some see), and one row per item
// drawn by `row` (a whole <tr> with its key, so rows keep their own attributes). With
// `empty` given, no items show that text (as <Empty>) instead of the table.
export function DataTable<T>(props: {
  rows: readonly T[];
  row: (item: T, index: number) => JSX.Element;
  columns?: readonly (ComponentChildren | null | false)[];
  caption?: ComponentChildren;
  empty?: ComponentChildren;
  class?: string;
}) {
  if (props.empty !== undefined && props.rows.length === 0) return <Empty>{props.empty}</Empty>;
  const columns = (props.columns ?? []).filter((c) => c !== null && c !== false && c !== undefined && c !== '');
  return (
    <table class={props.class}>
      {props.caption !== undefined ? <caption>{props.caption}</caption> : null}
      {columns.length ? (
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>{props.rows.map(props.row)}</tbody>
    </table>
  );
}

export function Section(props: { title: string; children: ComponentChildren; id?: string; actions?: ComponentChildren }) {
  const id = props.id ?? 'section-' + props.title.toLowerCase().replace(/[^a-zа-я0-9]+/gi, '-');
  return (
    <section class="card" id={id} aria-labelledby={`${id}-title`}>
      <div class="card-head">
        <h2 id={`${id}-title`}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

// A labelled control with its error (and hint) beside it; the control gets the id and
// aria attributes through `children(ids)`.
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  children: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => JSX.Element;
}) {
  const errorId = props.error ? `${props.id}-error` : undefined;
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={'field' + (props.error ? ' invalid' : '')} data-field={props.id}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.children({ id: props.id, 'aria-invalid': !!props.error, 'aria-describedby': describedBy })}
      {props.hint ? (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small id={errorId} class="field-error" role="alert">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

export function usePersonal(): (text: PersonalText | null | undefined) => string {
  const { t } = useApp();
  return (text) => {
    if (text == null) return '—';
    if (typeof text === 'string') return text === 'erased' ? t('personal.erased') : text;
    if ('erased' in text) return t('personal.erased');
    return t('personal.sealed');
  };
}

export function Badge(props: { children: ComponentChildren; tone?: 'ok' | 'warn' | 'bad' | 'info' }) {
  return <span class={`badge ${props.tone ?? 'info'}`}>{props.children}</span>;
}

export function Notice(props: { tone: 'ok' | 'warn' | 'error' | 'info'; children: ComponentChildren; role?: 'alert' | 'status' }) {
  return (
    <div class={`alert ${props.tone}`} role={props.role ?? (props.tone === 'error' || props.tone === 'warn' ? 'alert' : 'status')}>
      {props.children}
    </div>
  );
}

// The message of a field error key from lib/forms.ts, or the server's text.
export function useFieldError(): (error: string | undefined) => string | undefined {
  const { t } = useApp();
  return (error) => (error === undefined ? undefined : error.startsWith('error.') ? t(error as MessageKey) : error);
}
