// The web UI's time to first paint and to its data on screen (issue #6: "no page over a
// second to first paint on the demo bank"), against a running prospektd that serves
// web/dist and holds the demo bank with its demo logins (bench/web/run.sh starts one).
//
// For each demo role and each of its pages, RUNS cold loads (a new tab, the HTTP cache
// off, the session already in sessionStorage as the app keeps it, then page.goto of the
// page's deep URL) measure:
//   FCP    first-contentful-paint (performance.getEntriesByType('paint'));
//   ready  the first animation frame from which, for STABLE_MS on, the page shows its
//          data: its <h1>, its own data element (a table, chart, list or form; the
//          `ready` selector below), no "Loading…" line, no /api/ request or body read
//          in flight (the change-notice stream excepted), and no error shown.
// Both are milliseconds since the navigation started (the page's timeOrigin), so they
// include prospektd's answer for index.html and every API call the page makes. "ready" is
// taken when the frame that draws the data begins, FCP when a paint is presented: on a
// page with nothing to load (the login page) ready can come out a little before FCP.
// The baseline, measured in the same run the same way: the login page (static, no data).
// Prints one row per page: FCP p50/max, ready p50/max, ready p50 over the baseline's,
// and the verdict against the target (every load's FCP and ready within 1000 ms).
//
//   node bench/web/run_ts.mjs bench/web/first_paint.ts --url http://127.0.0.1:PORT [--runs 5] [--warm]
// (PROSPEKT_URL and RUNS in the environment work too.) --warm keeps the HTTP cache, as a
// second visit would. Exits 1 when a load fails (an error shown, a page error, a redirect
// to the login page, no data within 30 s); a missed target is reported, not an error.

import { saveSession } from '../../web/src/api/session';
import type { LoginResponse } from '../../web/src/api/types';
import { launch, type Page } from '../../web/e2e/browser';
import { loadavg } from 'node:os';

const PASSWORD = 'prospekt-demo';
const TARGET_MS = 1000;
// How long the ready state must hold before it counts (it goes away again when a page
// loads in steps: names after the figures, a second request after the first).
const STABLE_MS = 500;
const LOAD_TIMEOUT_MS = 30_000;

interface Options {
  url: string;
  runs: number;
  warm: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { url: process.env.PROSPEKT_URL ?? '', runs: Number(process.env.RUNS ?? 5), warm: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--url') options.url = argv[++i] ?? '';
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--warm') options.warm = true;
    else throw new Error(`first_paint: unknown argument ${arg} (--url URL, --runs N, --warm)`);
  }
  options.url = options.url.replace(/\/$/, '');
  if (!options.url) throw new Error('first_paint: give the server with --url or PROSPEKT_URL');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('first_paint: --runs must be a whole number >= 1');
  return options;
}

// What the ids in the pages' paths stand for, found through the API (see demoIds).
interface DemoIds {
  client: string; // a client assigned to "sales"
  salesEmployee: string;
  headBranch: string;
}

interface PageSpec {
  login: string; // the demo login (its role) the page is measured as; '' for the baseline
  path: (ids: DemoIds) => string;
  // The page's own data element, present only once its data is shown.
  ready: string;
  start?: boolean; // the role's start page
}

const enc = encodeURIComponent;
const DASHBOARD_READY = '#plan-fact :is(svg.chart, .empty)';
const DEMO_WEEK = '2026-W05'; // engine/app/demo_serve.cc

// The demo logins are those `prospekt demo` prints (engine/app/demo_serve.h); the pages
// are web/src/routes.tsx's, each under a role whose menu lists it (web/src/lib/roles.ts).
const BASELINE: PageSpec = { login: '', path: () => '/login', ready: '#login' };
const PAGES: PageSpec[] = [
  { login: 'head', path: () => '/branch', ready: DASHBOARD_READY, start: true },
  // The demo's business weeks are 2026-W02..W05: W05 is the one with plans and contacts.
  { login: 'head', path: () => `/branch?week=${DEMO_WEEK}`, ready: DASHBOARD_READY },
  { login: 'head', path: () => '/branch/assign', ready: '#assign-clients table' },
  { login: 'head', path: () => '/branch/plans', ready: 'table.plans' },
  { login: 'head', path: () => '/branch/campaign', ready: '#campaign-enrol table' },
  { login: 'head', path: () => '/clients', ready: 'main :is(table, .empty)' },
  { login: 'sales', path: () => '/agenda', ready: '#agenda-tasks', start: true },
  { login: 'sales', path: () => '/clients', ready: 'main :is(table, .empty)' },
  { login: 'sales', path: (ids) => `/clients/${enc(ids.client)}`, ready: '#history :is(table, .empty)' },
  { login: 'sales', path: (ids) => `/clients/${enc(ids.client)}/log`, ready: '#lc-outcome' },
  { login: 'credit', path: () => '/agenda', ready: '#agenda-tasks', start: true },
  { login: 'office', path: () => '/office', ready: '#regions table', start: true },
  { login: 'office', path: () => '/office/industry', ready: 'main :is(#industry-chart svg, .empty)' },
  { login: 'office', path: (ids) => `/branch/${enc(ids.headBranch)}?week=${DEMO_WEEK}`, ready: DASHBOARD_READY },
  { login: 'auditor', path: () => '/audit', ready: 'main form input[type=search]', start: true },
  { login: 'auditor', path: (ids) => `/audit/clients/${enc(ids.client)}`, ready: '#trail-as-of tr[data-seq]' },
  { login: 'auditor', path: () => '/audit/employees', ready: 'main :is(table, .empty)' },
  { login: 'auditor', path: (ids) => `/audit/employees/${enc(ids.salesEmployee)}`, ready: '#history :is(table, .empty)' },
  { login: 'auditor', path: () => '/audit/chain', ready: 'dl.facts' },
  { login: 'auditor', path: () => '/audit/compliance', ready: '#refusals' },
  { login: 'auditor', path: () => '/audit/export', ready: '#export-from' },
  { login: 'admin', path: () => '/organisation', ready: '#org-products table', start: true },
  { login: 'admin', path: () => '/audit/chain', ready: 'dl.facts' },
];

async function apiLogin(base: string, login: string): Promise<LoginResponse> {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${login}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as LoginResponse;
}

async function demoIds(base: string, sales: LoginResponse, head: LoginResponse): Promise<DemoIds> {
  const path = `/api/clients?assigned_to=${enc(sales.principal.employee_id)}&limit=5`;
  const res = await fetch(base + path, { headers: { Authorization: `Bearer ${sales.token}` } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { result?: { clients?: { client_id: string }[] } };
  const client = body.result?.clients?.[0]?.client_id;
  if (!client) throw new Error('"sales" has no assigned client in this bank');
  return { client, salesEmployee: sales.principal.employee_id, headBranch: head.principal.branch_id };
}

// The entries the app itself writes into sessionStorage for a login (api/session.ts).
function sessionEntries(login: LoginResponse): [string, string][] {
  const entries = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return entries.size;
    },
    clear: () => entries.clear(),
    getItem: (k) => entries.get(k) ?? null,
    key: (i) => [...entries.keys()][i] ?? null,
    removeItem: (k) => void entries.delete(k),
    setItem: (k, v) => void entries.set(k, v),
  };
  saveSession(storage, login);
  return [...entries];
}

// ---- in the page -------------------------------------------------------------------

interface Probe {
  pending: number; // /api/ requests and body reads in flight
  readyAt: number | null; // start of the current unbroken ready stretch (performance.now())
  error: string | null;
}

declare global {
  interface Window {
    __firstPaint?: Probe;
  }
}

interface ProbeArgs {
  origin: string;
  session: [string, string][];
  ready: string;
}

// Runs in the page before its own scripts (addInitScript): stores the session and the
// language, counts the app's API requests, and checks every animation frame whether the
// page shows its data. Self-contained: Playwright sends its source, not its closure.
function installProbe(args: ProbeArgs): void {
  if (location.origin !== args.origin) return;
  sessionStorage.clear();
  for (const [k, v] of args.session) sessionStorage.setItem(k, v);
  localStorage.setItem('prospekt.lang', 'en');
  const probe: Probe = { pending: 0, readyAt: null, error: null };
  window.__firstPaint = probe;

  // A request counts until its body is read (the app reads text()), or it fails. The
  // branch's change notices are a stream that stays open: not counted.
  const fetchOriginal = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(href, location.href).pathname;
    if (!path.startsWith('/api/') || path.endsWith('/changes')) return fetchOriginal(input, init);
    probe.pending++;
    let open = true;
    const done = () => {
      if (open) probe.pending--;
      open = false;
    };
    return fetchOriginal(input, init).then(
      (response) => {
        for (const method of ['text', 'json', 'blob', 'arrayBuffer'] as const) {
          const read = response[method].bind(response) as () => Promise<unknown>;
          (response as unknown as Record<string, () => Promise<unknown>>)[method] = () => read().finally(done);
        }
        setTimeout(done, 5_000); // a body nobody reads
        return response;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  };

  const shown = (): boolean => {
    const main = document.querySelector('main');
    if (!main) return false;
    const error = main.querySelector('.alert.error');
    if (error) probe.error = (error.textContent ?? '').trim() || 'an error is shown';
    return !!main.querySelector('h1') && !main.querySelector('.loading') && probe.pending === 0 && !!main.querySelector(args.ready);
  };
  const frame = () => {
    const now = performance.now();
    if (!shown()) probe.readyAt = null;
    else if (probe.readyAt === null) probe.readyAt = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// ---- one load ----------------------------------------------------------------------

interface Load {
  fcp: number;
  ready: number;
}

async function measure(page: Page, url: string, args: ProbeArgs, warm: boolean): Promise<Load> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (!warm) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  }
  await page.addInitScript(installProbe, args);
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(
      (stable) => {
        const p = window.__firstPaint;
        return !!p && (p.error !== null || (p.readyAt !== null && performance.now() - p.readyAt >= stable));
      },
      STABLE_MS,
      { polling: 50, timeout: LOAD_TIMEOUT_MS },
    );
  } catch (e) {
    if ((e as Error).name !== 'TimeoutError') throw e;
    // Which part of "ready" never came.
    const state = await page.evaluate((ready) => {
      const main = document.querySelector('main');
      return `at ${location.pathname}: h1 ${main?.querySelector('h1') ? 'shown' : 'missing'}, "Loading…" ${main?.querySelector('.loading') ? 'shown' : 'gone'}, ` +
        `API requests in flight ${window.__firstPaint?.pending ?? '?'}, ${ready} ${main?.querySelector(ready) ? 'shown' : 'missing'}`;
    }, args.ready);
    throw new Error(`not ready within ${LOAD_TIMEOUT_MS / 1000} s (${state})`);
  }
  const seen = await page.evaluate(() => {
    const probe = window.__firstPaint!;
    // The last API answer that began before the page was ready, from Resource Timing: a
    // check on the probe (a request it did not see would end after "ready").
    const lastAnswer = Math.max(
      0,
      ...performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/api/') && e.startTime < (probe.readyAt ?? 0))
        .map((e) => (e as PerformanceResourceTiming).responseEnd),
    );
    return {
      probe,
      lastAnswer,
      path: location.pathname,
      fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? null,
    };
  });
  if (seen.probe.error !== null) throw new Error(`the page shows an error: ${seen.probe.error}`);
  if (seen.probe.readyAt !== null && seen.lastAnswer > seen.probe.readyAt) {
    throw new Error(`ready at ${seen.probe.readyAt.toFixed(0)} ms before an API answer at ${seen.lastAnswer.toFixed(0)} ms: the probe missed a request`);
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  if (seen.path !== new URL(url).pathname) throw new Error(`landed on ${seen.path}`);
  if (seen.fcp === null || seen.probe.readyAt === null) throw new Error('no first-contentful-paint entry');
  return { fcp: seen.fcp, ready: seen.probe.readyAt };
}

// ---- report ------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Row {
  page: string;
  role: string;
  fcp: number[];
  ready: number[];
  error?: string;
}

const ms = (x: number) => x.toFixed(0).padStart(5);

function printRow(row: Row, baselineReady: number | null): void {
  const head = `  ${row.page.padEnd(34)} ${row.role.padEnd(8)}`;
  if (row.error !== undefined) {
    console.log(`${head} ERROR: ${row.error}`);
    return;
  }
  const fcpMax = Math.max(...row.fcp);
  const readyMax = Math.max(...row.ready);
  const readyP50 = median(row.ready);
  const ratio = baselineReady === null ? '(baseline)' : `x${(readyP50 / baselineReady).toFixed(2)}`.padStart(10);
  const missed = [fcpMax > TARGET_MS ? 'FCP' : '', readyMax > TARGET_MS ? 'ready' : ''].filter(Boolean);
  const verdict = missed.length ? `MISSED (${missed.join(', ')})` : 'met';
  console.log(`${head} ${ms(median(row.fcp))} ${ms(fcpMax)}   ${ms(readyP50)} ${ms(readyMax)}   ${ratio}   ${verdict}`);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const logins = new Map<string, LoginResponse>();
  for (const login of new Set(PAGES.map((p) => p.login))) logins.set(login, await apiLogin(options.url, login));
  const ids = await demoIds(options.url, logins.get('sales')!, logins.get('head')!);

  const browser = await launch({ locale: 'en-GB' });
  try {
    const version = browser.context.browser()?.version() ?? '?';
    console.log(
      `first paint of the web UI at ${options.url}: ${options.runs} ${options.warm ? 'warm' : 'cold'} load(s) a page, ` +
        `Chromium ${version} headless 1366x860; target ${TARGET_MS} ms; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    );
    console.log(`  ${'page'.padEnd(34)} ${'role'.padEnd(8)}   FCP ms p50/max   ready ms p50/max   ready/baseline   target`);

    const run = async (spec: PageSpec, runs = options.runs): Promise<Row> => {
      const path = spec.path(ids);
      const row: Row = { page: path + (spec.start ? ' (start)' : ''), role: spec.login || '-', fcp: [], ready: [] };
      const session = spec.login ? sessionEntries(logins.get(spec.login)!) : [];
      for (let i = 0; i < runs; i++) {
        const page = await browser.context.newPage();
        try {
          const load = await measure(page, options.url + path, { origin: options.url, session, ready: spec.ready }, options.warm);
          row.fcp.push(load.fcp);
          row.ready.push(load.ready);
        } catch (e) {
          row.error = `load ${i + 1}: ${(e as Error).message.split('\n')[0]}`;
          break;
        } finally {
          await page.close();
        }
      }
      return row;
    };

    // One load first, not counted: Chromium's first page pays for starting its renderer.
    await run(BASELINE, 1);
    const baseline = await run(BASELINE);
    baseline.page = '/login (baseline: static, no data)';
    printRow(baseline, null);
    if (baseline.error !== undefined) return 1;
    const baselineReady = median(baseline.ready);
    let failed = 0;
    for (const spec of PAGES) {
      const row = await run(spec);
      printRow(row, baselineReady);
      if (row.error !== undefined) failed++;
    }
    if (failed) console.log(`first_paint: ${failed} page(s) failed to load`);
    return failed ? 1 : 0;
  } finally {
    await browser.close();
  }
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`first_paint: ${(e as Error).message}`);
  process.exitCode = 1;
}
