// Launching Debian's Chromium for the browser tests through playwright-core (Playwright's
// own browser download does not work here; scripts/install-browser.sh installs Chromium).
// Each launch gets a fresh, empty profile folder, removed on close.

import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS = resolve(import.meta.dirname, '..', 'test-results');

// Without the background-networking flags Chromium tries to reach Google's hosts at
// every start, which this machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
];

export interface Launched {
  context: BrowserContext;
  close: () => Promise<void>;
}

// A persistent context on a fresh profile (so --user-data-dir is ours, not Playwright's).
export async function launch(options: { locale?: string } = {}): Promise<Launched> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run web/scripts/install-browser.sh (needs root and apt)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'prospekt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale ?? 'ru-RU',
    viewport: { width: 1366, height: 860 },
    timezoneId: 'Europe/Moscow',
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export type { Browser, BrowserContext, Page };
