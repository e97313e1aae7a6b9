// Bundles sim/report/browser/live-charts.js (Vega's View, vega-interpreter, vega-tooltip and the
// page's bootstrap) into one minified IIFE for the browser, the script an interactive index.html
// inlines. Used by bin/build.mjs (dist/live-charts.js) and by the tests that open an interactive
// page (into a temporary folder). esbuild is a devDependency: this runs at build time only.
// Invariants: the same sources and esbuild version give the same bytes (no banner with a date,
// no source map, no legal comments), so a report that inlines the bundle regenerates
// byte-identical; the output is ASCII (esbuild escapes other characters), so the page's CSP hash
// does not depend on an encoding.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the page's bootstrap lives (sim/package-root.ts liveChartsPaths names it too, to tell a stale bundle). */
const LIVE_CHARTS_SOURCE = join(root, 'sim', 'report', 'browser', 'live-charts.js');

/** Writes the browser bundle to `outfile` (an absolute path). */
export async function buildLiveCharts(outfile) {
  await build({
    entryPoints: [LIVE_CHARTS_SOURCE],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
