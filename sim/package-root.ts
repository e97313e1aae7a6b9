// Where sakiyomi lives on disk: the folder holding its package.json, found by walking up from
// this module's own location (so neither the working directory nor running from compiled JS in
// dist/ changes the answer); the shipped data under data/ (see data/README.md), the package
// version and the interactive report's browser bundle (dist/live-charts.js, built by
// `npm run build`) are resolved from there.
// Invariants: computed once per process and cached; every path returned is absolute; the walk
// stops at the first ancestor with a package.json whose name is "sakiyomi".
// NOTE: the only file besides cli.ts, scenario/load.ts and report/atomic-folder.ts that reads the file
// system (test/architecture.test.ts allows it): reading is its whole job.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceFileResolver } from './scenario/index.ts';

let root: string | undefined;
let version: string | undefined;

function readPackage(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

/** The absolute path of the folder holding sakiyomi's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (readPackage(dir)?.name === 'sakiyomi') return (root = dir);
    if (dirname(dir) === dir) throw new Error(`cannot find sakiyomi's package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The absolute path of a file shipped under data/: dataPath('validation', 'calibration.csv'). */
export function dataPath(...parts: string[]): string {
  return join(packageRoot(), 'data', ...parts);
}

/** The package version, from package.json ("0.1.0"). */
export function sakiyomiVersion(): string {
  if (version !== undefined) return version;
  const v = readPackage(packageRoot())?.version;
  return (version = typeof v === 'string' ? v : 'unknown');
}

/** Where `npm run build` (bin/build-live-charts.mjs) writes the interactive report's browser bundle, and the source it is built from. */
export function liveChartsPaths(): { bundle: string; source: string } {
  return { bundle: join(packageRoot(), 'dist', 'live-charts.js'), source: join(packageRoot(), 'sim', 'report', 'browser', 'live-charts.js') };
}

/**
 * The interactive report's browser bundle (its text), or why there is none: not built, older
 * than its source (a checkout or an edit since the last build), or not inlinable. Never downloads anything.
 */
export function liveChartsBundle({ bundle, source } = liveChartsPaths()): { script: string } | { missing: string } {
  if (!existsSync(bundle)) return { missing: `${bundle} is not built` };
  if (existsSync(source) && statSync(source).mtimeMs > statSync(bundle).mtimeMs) return { missing: `${bundle} is older than its source ${source}` };
  const script = readFileSync(bundle, 'utf8');
  // A bundle that could end its <script> element early cannot be inlined (html-report.ts checks it too).
  if (/<\/script|<!--/i.test(script)) return { missing: `${bundle} contains "</script" or "<!--" and cannot be inlined; rebuild it (npm run build)` };
  return { script };
}

/** Resolves a path relative to sakiyomi's own folder (bundled data such as data/traces/…) to a checked absolute path: a measurement row's dataset. */
export function bundledTraceResolver(): (path: string) => string {
  return traceFileResolver(join(packageRoot(), 'package.json'));
}
