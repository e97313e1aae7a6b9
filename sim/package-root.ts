// Where sakiyomi lives on disk: the folder holding its package.json, found by walking up from
// this module's own location (so neither the working directory nor running from compiled JS in
// dist/ changes the answer); the shipped data under data/ (see data/README.md) and the package
// version are resolved from there.
// Invariants: computed once per process and cached; every path returned is absolute; the walk
// stops at the first ancestor with a package.json whose name is "sakiyomi".
// NOTE: the only file besides cli.ts, scenario/load.ts and report/atomic-folder.ts that reads the file
// system (test/architecture.test.ts allows it): reading is its whole job.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
