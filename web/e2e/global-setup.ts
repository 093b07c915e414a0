// Before the browser tests: build web/dist from the sources, so that the contract fake
// never serves an old build. With PROSPEKT_URL the server serves what it read at its
// start: scripts/test-web.sh builds web/dist before it starts prospektd.

import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  await build({ root, logLevel: 'warn', configFile: resolve(root, 'vite.config.ts') });
}
