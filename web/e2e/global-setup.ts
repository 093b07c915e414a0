// Before the browser tests: build web/dist from the sources, so that the tests never run
// an old build (also with PROSPEKT_URL: scripts/test-web.sh starts prospektd serving
// web/dist before they run).

import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  await build({ root, logLevel: 'warn', configFile: resolve(root, 'vite.config.ts') });
}
