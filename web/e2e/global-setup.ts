// Before the browser tests: build web/dist from the sources (so the tests never run an
// old build), unless PROSPEKT_URL names a running prospektd that serves its own.

import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  await build({ root, logLevel: 'warn', configFile: resolve(root, 'vite.config.ts') });
}
