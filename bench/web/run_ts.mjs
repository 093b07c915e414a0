// Runs a TypeScript file of bench/web with Node.js through Vite's module runner (the
// machinery Vitest runs the browser tests with), from web/node_modules: Node 20 cannot
// run TypeScript itself, and the bench adds no dependency of its own.
//   node bench/web/run_ts.mjs bench/web/first_paint.ts [ARGS...]
// The file sees ARGS as process.argv.slice(2) and sets process.exitCode.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const web = resolve(import.meta.dirname, '..', '..', 'web');
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/web/run_ts.mjs FILE.ts [ARGS...]');
  process.exit(2);
}
const vite = createRequire(resolve(web, 'package.json')).resolve('vite');
const { runnerImport } = await import(pathToFileURL(vite).href);
process.argv = [process.argv[0], resolve(file), ...args];
await runnerImport(resolve(file), { root: web, configFile: false, logLevel: 'error' });
