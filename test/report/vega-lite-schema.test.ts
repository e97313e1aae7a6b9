// Every committed chart spec (reports/**/*.vl.json) is valid against vega-lite's own JSON schema
// (node_modules/vega-lite/build/vega-lite-schema.json, draft-07), checked with ajv; and a spec
// known to be wrong is refused, so the check can fail.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function specFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return specFiles(p);
      return name.endsWith('.vl.json') ? [p] : [];
    })
    .sort();
}

const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, validateFormats: false, logger: false });
const validate = ajv.compile(schema);

describe('vega-lite JSON schema', () => {
  const files = specFiles(join(ROOT, 'reports'));

  it('finds the committed specs', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses a spec with an unknown mark type', () => {
    expect(validate({ data: { values: [] }, mark: 'blob', encoding: {} })).toBe(false);
  });

  it('accepts every reports/**/*.vl.json', () => {
    const bad = files.filter((f) => !validate(JSON.parse(readFileSync(f, 'utf8')))).map((f) => `${f}: ${ajv.errorsText(validate.errors)}`);
    expect(bad).toEqual([]);
  });
});
