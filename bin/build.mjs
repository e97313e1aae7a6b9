#!/usr/bin/env node
// Builds dist/sakiyomi.mjs: the command line and everything it imports, bundled by esbuild into
// one ES module, so a start loads one file instead of ~150 (module resolution was most of a
// 1k-request run's wall time). vega and vega-lite stay external: they are loaded from
// node_modules only when a chart is rendered to SVG; so does tinypool, which starts each worker
// from its own entry file (tinypool/dist/entry/worker.js, found beside its own module). CommonJS dependencies bundled into the ES
// module get a `require` from node:module. `npm ci` runs this through `prepare`; the type check
// is `npm run typecheck` (esbuild strips types without checking them). Third, dist/live-charts.js:
// the browser bundle an interactive index.html inlines (bin/build-live-charts.mjs).
import { build } from 'esbuild';
import { buildLiveCharts } from './build-live-charts.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR` (relative to the repository root; default dist): where the two bundles go — the
// study tests build into dist/<tmp>/ to run the bundled worker pool.
const at = process.argv.indexOf('--outdir');
const outdir = join(root, at === -1 ? 'dist' : process.argv[at + 1]);

// Two self-contained bundles: dist/sakiyomi.mjs (the command line) and dist/worker.mjs (the task
// of a study's worker threads: sim/study/worker.ts; sim/study/run-many.ts loads it from beside the
// bundle it runs in).
await build({
  entryPoints: { sakiyomi: join(root, 'sim', 'cli.ts'), worker: join(root, 'sim', 'study', 'worker.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['vega', 'vega-lite', 'tinypool'],
  banner: { js: "import { createRequire as __sakiyomiRequire } from 'node:module'; const require = __sakiyomiRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

await buildLiveCharts(join(outdir, 'live-charts.js'));
