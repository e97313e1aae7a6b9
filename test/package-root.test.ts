import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath, packageRoot, sakiyomiVersion } from '../sim/package-root.ts';

const ROOT = join(import.meta.dirname, '..');

describe('packageRoot() / dataPath(...) / sakiyomiVersion()', () => {
  it('finds the folder holding package.json, whatever the working directory', () => {
    expect(packageRoot()).toBe(ROOT);
    expect(isAbsolute(dataPath('x'))).toBe(true);
  });

  it('every file a fresh clone needs is shipped under data/, with the trace licence beside the traces', () => {
    for (const parts of [
      ['README.md'],
      ['validation', 'calibration.csv'],
      ['validation', 'README.md'],
      ['reference', 'specdecode_and_quant_accuracy.csv'],
      ['reference', 'gpu_specs.csv'],
      ['reference', 'gpu_cloud_prices.csv'],
      ['reference', 'README.md'],
      ['traces', 'azure-llm-2023', 'AzureLLMInferenceTrace_code.csv'],
      ['traces', 'azure-llm-2023', 'AzureLLMInferenceTrace_conv.csv'],
      ['traces', 'azure-llm-2023', 'LICENSE'],
      ['traces', 'azure-llm-2023', 'README.md'],
    ]) expect(existsSync(dataPath(...parts)), parts.join('/')).toBe(true);
    expect(readFileSync(dataPath('README.md'), 'utf8')).toMatch(/CC-BY 4\.0.*Patel/s);
  });

  it('reads the version from package.json', () => {
    expect(sakiyomiVersion()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
