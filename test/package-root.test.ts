import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath, liveChartsBundle, liveChartsPaths, packageRoot, sakiyomiVersion } from '../sim/package-root.ts';

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

describe('liveChartsBundle()', () => {
  it('lives in dist/ beside the sources it is built from', () => {
    expect(liveChartsPaths()).toEqual({ bundle: join(ROOT, 'dist', 'live-charts.js'), source: join(ROOT, 'sim', 'report', 'browser', 'live-charts.js') });
    expect(existsSync(liveChartsPaths().source)).toBe(true);
  });

  it('reads the built bundle; says why there is none when it is missing or older than its source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-live-'));
    const paths = { bundle: join(dir, 'live-charts.js'), source: join(dir, 'source.js') };
    writeFileSync(paths.source, '// source');
    expect(liveChartsBundle(paths)).toEqual({ missing: `${paths.bundle} is not built` });
    writeFileSync(paths.bundle, 'window.x=1;');
    utimesSync(paths.source, 1000, 1000);
    utimesSync(paths.bundle, 2000, 2000);
    expect(liveChartsBundle(paths)).toEqual({ script: 'window.x=1;' });
    utimesSync(paths.source, 3000, 3000);
    expect(liveChartsBundle(paths)).toEqual({ missing: `${paths.bundle} is older than its source ${paths.source}` });
    // A bundle that would end its <script> element early is not inlined: the page falls back to static charts.
    writeFileSync(paths.bundle, 'var s="</SCRIPT>";');
    utimesSync(paths.bundle, 4000, 4000);
    expect(liveChartsBundle(paths)).toEqual({ missing: `${paths.bundle} contains "</script" or "<!--" and cannot be inlined; rebuild it (npm run build)` });
  });
});
