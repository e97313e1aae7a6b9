#!/usr/bin/env node
// Entry point for the `sakiyomi` command. Runs the bundled JavaScript dist/sakiyomi.mjs (built by
// `npm run build` = bin/build.mjs, which `npm ci` runs through `prepare`) when it is usable, else
// the TypeScript sources through the tsx loader (compiling at every start: about 1 s slower).
// dist/ is used only when all of these hold, so a stale build never runs by accident:
//   - SAKIYOMI_DEV is not set (set it to always run the sources while developing);
//   - dist/sakiyomi.mjs exists;
//   - it is newer than every .ts file under sim/ (an edit or a checkout since the last build
//     falls back to the sources until `npm run build`). The check reads ~100 mtimes (≈ 2 ms).
// Tests do not come here: test/fixtures/cli.ts imports sim/cli.ts directly, so they always
// exercise the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'sakiyomi.mjs');

/** The newest mtime (ms) of the .ts files under dir. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function useDist() {
  if (process.env.SAKIYOMI_DEV) return false;
  if (!existsSync(compiled)) return false;
  const sources = join(root, 'sim');
  return !existsSync(sources) || statSync(compiled).mtimeMs >= newestSource(sources);
}

let main;
if (useDist()) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../sim/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
