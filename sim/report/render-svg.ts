// Renders a Vega-Lite spec to an SVG string, headless: vega-lite compile → vega parse → a View
// with renderer 'none' → toSVG().
// Invariants: the same spec gives the same bytes on every call and every machine — the SVG
// clip/gradient id counters are reset before each render and text widths come from Vega's
// font-size estimate, never from a canvas (node-canvas fonts differ between machines); nothing
// is fetched — the View's loader refuses every URI, so a spec must inline its data; nothing is
// printed — Vega and Vega-Lite warnings go to the caller's `warnings` array, or nowhere.
// NOTE: switching Vega to estimated text widths (textMetrics.canvas(false)) is process-wide
// state inside the vega module; it only affects text measurement, which this project uses for
// nothing but these charts.
// NOTE: vega and vega-lite (≈ 0.5 s to import) are loaded on the first render, not at start-up,
// so commands that draw no chart (`run --no-report`, `gpus`, a study's thousands of runs) never
// pay for them.

import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

type VegaModule = typeof Vega;

export interface RenderOptions {
  /** Receives Vega/Vega-Lite warnings and errors as text, in the order they occur. */
  warnings?: string[];
}

/** The part of vega-scenegraph's text-metrics object that vega exports but vega-typings omits. */
interface TextMetrics {
  canvas(use: boolean): void;
}

function useEstimatedTextWidths(vega: VegaModule): void {
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  metrics?.canvas(false);
}

/** A logger that records messages instead of printing them. */
function recordingLogger(vega: VegaModule, sink: string[] | undefined): Vega.LoggerInterface {
  return vega.logger(vega.Warn, undefined, (method: string, level: string, input: readonly unknown[]) => {
    sink?.push(`${level} ${input.map(String).join(' ')}`);
  });
}

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`renderSvg: charts must inline their data; refused to load ${what}`));
}

/** A loader that loads nothing: no network, no files. */
const OFFLINE_LOADER: Vega.Loader = {
  load: (uri) => refuse(uri),
  sanitize: (uri) => refuse(uri),
  http: (uri) => refuse(uri),
  file: (filename) => refuse(filename),
};

/** The SVG markup of a Vega-Lite spec (see the file comment for determinism guarantees). */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = recordingLogger(vega, options.warnings);
  const compiled = compile(spec, { logger }).spec;
  useEstimatedTextWidths(vega);
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    loader: OFFLINE_LOADER,
    logger,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
