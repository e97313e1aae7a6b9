// A Vega-Lite spec compiled to a Vega spec at write time, for the interactive index.html: the page
// ships Vega (its parser and View) but not vega-lite, and parses the spec in the browser with
// `ast: true` so that vega-interpreter, not eval, runs its expressions.
// Invariants: deterministic (vega-lite's compile reads no clock and draws no random id), so
// JSON.stringify of the result is byte-stable; Vega-Lite's warnings go to `warnings`, never to
// the console.
// NOTE: shipping the parsed runtime dataflow instead (vega.parse in Node, no parser in the
// browser) was measured and rejected: it saves ~150 KB of bundle once but makes each chart's JSON
// 4–10× larger (md1's timeline: 48 KB as Vega, 351 KB as runtime dataflow with expression ASTs).
// NOTE: vega-lite is imported on first use, as render-svg.ts does.

import type { TopLevelSpec } from 'vega-lite';

export interface CompileOptions {
  /** Receives Vega-Lite's warnings as text, in the order they occur. */
  warnings?: string[];
}

/** The Vega spec of a Vega-Lite spec (see the file comment). */
export async function compileVega(spec: TopLevelSpec, options: CompileOptions = {}): Promise<unknown> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = vega.logger(vega.Warn, undefined, (method: string, level: string, input: readonly unknown[]) => {
    options.warnings?.push(`${level} ${input.map(String).join(' ')}`);
  });
  return compile(spec, { logger }).spec;
}
