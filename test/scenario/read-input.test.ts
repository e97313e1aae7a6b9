// readInputFile and parseJsonText: only regular files under a cap checked before reading; JSON
// errors name the position and never the content.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, ScenarioError, readInputFile } from '../../sim/scenario/index.ts';
import { jsonErrorOffset, lineColumn, parseJsonText } from '../../sim/scenario/json-text.ts';

const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-read-'));
const opts = { what: 'scenario', maxBytes: 100 };

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

describe('readInputFile', () => {
  it('returns the text of a regular file, without a UTF-8 BOM', () => {
    writeFileSync(join(dir, 'a.yaml'), '\uFEFFseed: 1\n');
    expect(readInputFile(join(dir, 'a.yaml'), opts)).toBe('seed: 1\n');
  });

  it('refuses a file over the cap by its size, stating the cap, and accepts one exactly at it', () => {
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(101));
    expect(messageOf(() => readInputFile(join(dir, 'big.yaml'), opts))).toBe(`${join(dir, 'big.yaml')}: 1 problem\n  cannot read the scenario: 101 bytes is over the 100 bytes limit for a scenario`);
    writeFileSync(join(dir, 'edge.yaml'), 'x'.repeat(100));
    expect(readInputFile(join(dir, 'edge.yaml'), opts)).toHaveLength(100);
    expect(MAX_SCENARIO_BYTES).toBe(2 ** 20);
  });

  it('refuses what is not a regular file: a directory, /dev/zero behind a symlink, a missing file', () => {
    mkdirSync(join(dir, 'sub.yaml'));
    expect(messageOf(() => readInputFile(join(dir, 'sub.yaml'), opts))).toMatch(/cannot read the scenario: not a regular file \(a directory\)$/);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    expect(messageOf(() => readInputFile(join(dir, 'zero.yaml'), opts))).toMatch(/cannot read the scenario: not a regular file \(a character device\)$/);
    expect(messageOf(() => readInputFile(join(dir, 'none.yaml'), opts))).toMatch(/cannot read the scenario: no such file$/);
    expect(messageOf(() => readInputFile('a\0b.yaml', opts))).toMatch(/the path contains a NUL character$/);
  });
});

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('f.json', '{"a": [1, 2.5e3, "x\\u00e9", true, null]}', 'scenario')).toEqual({ a: [1, 2500, 'xé', true, null] });
  });

  it('names the line and column of a syntax error and never echoes the text', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n';
    expect(messageOf(() => parseJsonText('passwd.json', passwd, 'Hugging Face config'))).toBe(
      'passwd.json: 1 problem\n  the Hugging Face config is not valid JSON: syntax error at line 1, column 1',
    );
    expect(messageOf(() => parseJsonText('f.json', '{\n  "a": tru\n}', 'scenario'))).toMatch(/syntax error at line 2, column 8$/);
    expect(messageOf(() => parseJsonText('f.json', '{"a": 1', 'scenario'))).toMatch(/syntax error unexpected end of input$/);
  });

  it('jsonErrorOffset finds the first character that cannot continue valid JSON', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a":"\\q"}')).toBe(7);
    expect(jsonErrorOffset('{"a":1} x')).toBe(8);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('['.repeat(100000))).toBe(100000);
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": -0.5e-2}')).toBe(-1);
    expect(lineColumn('ab\ncd', 4)).toBe('2, column 2');
  });
});
