// Stdout closed by its reader (`sakiyomi gpus | true`, `sakiyomi run … | head -2`): the CLI ends
// quietly with exit 0, as Unix tools do — no EPIPE stack trace, nothing on stderr.
import { describe, expect, it } from 'vitest';
import { TINY, cliWithClosedStdout, put, tempDir } from './fixtures.ts';

describe('stdout closed early', () => {
  it.each([['gpus'], ['models', '--json'], ['schema']])('%s | (closed): exit 0, nothing on stderr', async (...args) => {
    const r = await cliWithClosedStdout(tempDir(), ...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('run … --no-report | (closed): exit 0, nothing on stderr', async () => {
    const file = put(tempDir(), 'tiny.yaml', `name: tiny\n${TINY}`);
    const r = await cliWithClosedStdout(tempDir(), 'run', file, '--no-report');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
