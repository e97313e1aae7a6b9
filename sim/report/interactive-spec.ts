// The interactive variant of a chart's Vega-Lite spec, for the interactive index.html only (the
// committed .vl.json and .svg files keep the static spec): every unit view gets tooltips, and
// every time series (a unit whose x is simulated time, field `tSeconds`) gets zoom and pan on x.
//  - Tooltips: a unit without a tooltip encoding gets one listing its x, y and color fields, each
//    under its axis or legend title (the unit lives in the title: "latency (ms)"), numbers
//    formatted to 4 significant digits. A line mark gets a point on each datum to hover (invisible
//    unless the line already shows points): a line is one SVG path, whose tooltip could show
//    only one datum.
//  - Zoom: an interval selection on x bound to the scales (`bind: 'scales'`): the wheel zooms,
//    a drag pans, a double click resets. One per view; in a layer, on its first time-series
//    child only (the layer's children share the scale). Named zoom_0, zoom_1, … in spec order.
// Invariants: pure; the input is not modified; the output is valid Vega-Lite (the test compiles
// it and validates it against vega-lite's JSON schema); keys keep a fixed order, so the result
// is byte-stable; a unit that already has a tooltip keeps it unchanged.

import type { TopLevelSpec } from 'vega-lite';

type Json = Record<string, unknown>;

/** The x field that makes a view a time series. */
export const TIME_FIELD = 'tSeconds';

/** d3-format of tooltip numbers: 4 significant digits, trailing zeros trimmed, thousands grouped. */
export const TOOLTIP_NUMBER_FORMAT = ',.4~g';

const TOOLTIP_CHANNELS = ['x', 'y', 'color'] as const;
const NESTED = ['vconcat', 'hconcat', 'concat'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function markType(mark: unknown): string | undefined {
  if (typeof mark === 'string') return mark;
  return isObject(mark) && typeof mark.type === 'string' ? mark.type : undefined;
}

/** The tooltip of a unit's encoding: its x, y and color fields under their titles. */
export function tooltipOf(encoding: Json): Json[] {
  const entries: Json[] = [];
  for (const channel of TOOLTIP_CHANNELS) {
    const def = encoding[channel];
    if (!isObject(def) || typeof def.field !== 'string') continue;
    const title = typeof def.title === 'string' ? def.title : def.field;
    entries.push({ field: def.field, type: def.type, title, ...(def.type === 'quantitative' ? { format: TOOLTIP_NUMBER_FORMAT } : {}) });
  }
  return entries;
}

function isTimeSeries(unit: Json): boolean {
  const encoding = unit.encoding;
  return isObject(encoding) && isObject(encoding.x) && encoding.x.field === TIME_FIELD;
}

class Rewriter {
  private zooms = 0;

  spec(view: Json): Json {
    if (Array.isArray(view.layer)) return this.layer(view);
    for (const key of NESTED) {
      if (Array.isArray(view[key])) return { ...view, [key]: (view[key] as Json[]).map((v) => this.spec(v)) };
    }
    return view.mark !== undefined ? this.unit(view, isTimeSeries(view)) : view;
  }

  private layer(view: Json): Json {
    let zoomed = false;
    const layer = (view.layer as Json[]).map((child) => {
      if (Array.isArray(child.layer)) return this.layer(child);
      const zoom = !zoomed && isTimeSeries(child);
      zoomed ||= zoom;
      return this.unit(child, zoom);
    });
    return { ...view, layer };
  }

  private unit(unit: Json, zoom: boolean): Json {
    const encoding = isObject(unit.encoding) ? unit.encoding : {};
    const tooltip = encoding.tooltip === undefined ? tooltipOf(encoding) : undefined;
    let mark = unit.mark;
    if (tooltip !== undefined && tooltip.length > 0 && markType(mark) === 'line') {
      const base = isObject(mark) ? mark : { type: 'line' };
      mark = { ...base, point: base.point === true ? { filled: true } : { filled: true, opacity: 0, size: 60 } };
    }
    const params = zoom ? [...(Array.isArray(unit.params) ? unit.params : []), { name: `zoom_${this.zooms++}`, select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }] : unit.params;
    return {
      ...unit,
      ...(params === undefined ? {} : { params }),
      mark,
      ...(tooltip === undefined || tooltip.length === 0 ? {} : { encoding: { ...encoding, tooltip } }),
    };
  }
}

/** The spec with tooltips on every view and x zoom on every time series (see the file comment). */
export function interactiveSpec(spec: TopLevelSpec): TopLevelSpec {
  return new Rewriter().spec(spec as unknown as Json) as unknown as TopLevelSpec;
}
