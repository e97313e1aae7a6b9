#!/usr/bin/env node
// Builds dist/sakiyomi.mjs: the command line and everything it imports, bundled by esbuild into
// one ES module, so a start loads one file instead of ~150 (module resolution was most of a
// 1k-request run's wall time). vega and vega-lite stay external: they are loaded from
// node_modules only when a chart is rendered to SVG. CommonJS dependencies bundled into the ES
// module get a `require` from node:module. `npm ci` runs this through `prepare`; the type check
// is `npm run typecheck` (esbuild strips types without checking them).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'sim', 'cli.ts')],
  outfile: join(root, 'dist', 'sakiyomi.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['vega', 'vega-lite'],
  banner: { js: "import { createRequire as __sakiyomiRequire } from 'node:module'; const require = __sakiyomiRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
