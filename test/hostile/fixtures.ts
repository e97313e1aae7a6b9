// Helpers of the hostile-input suite: run the real CLI in a child process (bin/sakiyomi.mjs, so
// exit codes, stdout pipes and signals are the real ones), snapshot a folder tree without
// following links, and write tiny scenarios.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readlinkSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'sakiyomi.mjs');

/** Runs `node bin/sakiyomi.mjs ...args` in cwd; exit code, stdout, stderr. */
export function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI with a stdout pipe that the reader closes before the first byte arrives. */
export function cliWithClosedStdout(cwd: string, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sakiyomi-hostile-'));
}

/** Every path under dir (relative), with its kind, a link's target and a file's content: compare before/after. */
export function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(join(dir, r))}`;
      else if (st.isDirectory()) {
        out[r] = 'dir';
        walk(r);
      } else out[r] = `file ${readFileSync(join(dir, r), 'utf8')}`;
    }
  };
  walk('');
  return out;
}

/** A scenario that runs in a few milliseconds (8 requests); `extra` is appended YAML. */
export const TINY = 'model: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 8 }\n';

/** A scenario that would simulate for minutes (5 million requests): an error that comes first returns at once. */
export const HEAVY = 'model: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: poisson, ratePerSecond: 50 }\n  promptTokens: { kind: fixed, tokens: 512 }\n  outputTokens: { kind: fixed, tokens: 256 }\n  stop: { numRequests: 5000000 }\n';

/** Writes text to dir/name and returns the path. */
export function put(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
