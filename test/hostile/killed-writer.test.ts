// A writer killed at any moment leaves the previous complete report or the new complete one at
// the target, never a mix: a child process writes a large report (200,000 requests) over an
// existing small one and is SIGKILLed at several moments of the write; after each kill the
// target holds exactly REPORT_FILES, and its requests.csv has the row count of the report its
// summary.json names. The next prepare of the same target removes the hidden leftovers (and,
// had the kill fallen between the two renames, restores the previous report).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FILES, prepareReport, writeReport } from '../../sim/report/index.ts';
import { fakeRunResult, syntheticRequests } from '../report/fake-run.ts';
import { ROOT, tempDir } from './fixtures.ts';

const OLD_ROWS = 10;
const NEW_ROWS = 200_000;

/** Starts the slow writer; kills it `delayMs` after it says "ready" (never, if undefined); resolves when it has exited. */
function writeAndKill(out: string, delayMs: number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'slow-writer.ts'), out, 'new', String(NEW_ROWS)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => {
      if (delayMs !== undefined && String(d).includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

/** 'old' or 'new' after checking that the target is one whole report, self-consistent. */
function wholeReport(out: string): string {
  expect(readdirSync(out).sort()).toEqual([...REPORT_FILES].sort());
  const tag = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).scenario as string;
  const rows = readFileSync(join(out, 'requests.csv'), 'utf8').split('\n').length - 2;
  expect(rows).toBe(tag === 'old' ? OLD_ROWS : NEW_ROWS);
  for (const name of ['latency-cdf.vl.json', 'timeline.vl.json']) JSON.parse(readFileSync(join(out, name), 'utf8'));
  for (const name of ['latency-cdf.svg', 'timeline.svg']) expect(readFileSync(join(out, name), 'utf8')).toMatch(/<\/svg>\n$/);
  return tag;
}

describe('a report writer killed mid-way', () => {
  it('leaves the old or the new complete report at the target, never a mix; the next prepare cleans up', async () => {
    const seen: string[] = [];
    for (const delayMs of [0, 30, 120, 400, 1200, undefined]) {
      const root = tempDir();
      const out = join(root, 'report');
      await writeReport({ ...fakeRunResult({ requests: syntheticRequests(OLD_ROWS) }), scenarioName: 'old' }, out);
      await writeAndKill(out, delayMs);
      if (!readdirSync(root).includes('report')) {
        // Killed between the two renames: the previous report is in the backup; prepare restores it.
        await (await prepareReport(out)).abort();
        expect(wholeReport(out)).toBe('old');
      }
      const tag = wholeReport(out);
      seen.push(tag);
      for (const extra of readdirSync(root).filter((n) => n !== 'report')) expect(extra).toMatch(/^\.report\.sakiyomi-(tmp|old)-[0-9a-f]{12}$/);
      await (await prepareReport(out)).abort();
      expect(readdirSync(root)).toEqual(['report']);
      expect(wholeReport(out)).toBe(tag);
      if (delayMs === undefined) expect(tag).toBe('new');
    }
    expect(seen[0]).toBe('old'); // killed as it started writing
  }, 180_000);
});
