// The interactive variant of a chart's Vega-Lite spec, for the interactive index.html only (the
// committed .vl.json and .svg files keep the static spec): every unit view gets tooltips, the
// tooltip follows the nearest point, and every time series (a unit whose x is simulated time,
// field `tSeconds`) gets zoom and pan on x, linked across the panels of one chart.
//  - Tooltips: a unit without a tooltip encoding gets one listing its x, y and color fields, each
//    under its axis or legend title (the unit lives in the title: "latency (ms)"; a field without
//    a title takes FIELD_TITLES' name, else its own), numbers formatted to 4 significant digits.
//  - Nearest point: a line unit becomes a layer of the line and a point mark on each datum
//    (invisible unless the line already showed points; the hovered one shows), and the point mark
//    (or a point mark the chart already has) gets a `point` selection with `nearest: true` on
//    pointerover: vega-lite draws a Voronoi diagram over the points, so the pointer anywhere in
//    the plot shows the nearest point's tooltip, not only within a few pixels of it. One per view:
//    in a layer, on its first point mark, else on its first line (other lines keep hover points).
//    Named hover_0, hover_1, … in spec order. Its discrete tooltip fields get `format: ''`
//    (voronoiTooltip: a workaround for vega-lite, which otherwise shows them as "undefined").
//  - Zoom: an interval selection on x bound to the scales (`bind: 'scales'`): the wheel zooms,
//    a drag pans, a double click resets. One per view; in a layer, on its first time-series
//    child only (the layer's children share the scale). A concat with two or more time-series
//    panels shares its x scale (`resolve.scale.x: 'shared'`) and gives every panel the same
//    selection name, so zooming or panning one panel moves them all (vega-lite's global
//    resolution of a selection defined in several views, as in its interactive_splom example).
//    Named zoom_0, zoom_1, … in spec order.
// Invariants: pure; the input is not modified; the output is valid Vega-Lite (the test compiles
// it and validates it against vega-lite's JSON schema); keys keep a fixed order, so the result
// is byte-stable; a unit that already has a tooltip keeps it (its discrete fields formatted with
// '' where the unit carries the nearest hover).
// NOTE: nearest hover compiles to Vega's `voronoi` transform, which the browser bundle registers
// (browser/live-charts.js).

import type { TopLevelSpec } from 'vega-lite';

type Json = Record<string, unknown>;

/** The x field that makes a view a time series. */
const TIME_FIELD = 'tSeconds';

/** d3-format of tooltip numbers: 4 significant digits, trailing zeros trimmed, thousands grouped. */
export const TOOLTIP_NUMBER_FORMAT = ',.4~g';

/**
 * Tooltip titles of fields whose encoding has no title of its own (a layer's second series takes
 * its axis title from the first, so the static chart leaves it untitled).
 */
const FIELD_TITLES: Readonly<Record<string, string>> = {
  offeredPerSecond: 'offered rate (requests/s)',
};

/** The hover points a line gets: filled, and invisible unless the line showed points. */
const HOVER_POINT_SIZE = 60;

const TOOLTIP_CHANNELS = ['x', 'y', 'color'] as const;
const NESTED = ['vconcat', 'hconcat', 'concat'] as const;
const POINT_MARKS = ['point', 'circle', 'square'];

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
    const title = typeof def.title === 'string' ? def.title : (FIELD_TITLES[def.field] ?? def.field);
    entries.push({ field: def.field, type: def.type, title, ...(def.type === 'quantitative' ? { format: TOOLTIP_NUMBER_FORMAT } : {}) });
  }
  return entries;
}

function isTimeSeries(unit: Json): boolean {
  const encoding = unit.encoding;
  return isObject(encoding) && isObject(encoding.x) && encoding.x.field === TIME_FIELD;
}

/** Whether a view is a time-series unit or a layer holding one (a panel that zooms). */
function hasTimeSeries(view: Json): boolean {
  return Array.isArray(view.layer) ? (view.layer as Json[]).some(hasTimeSeries) : view.mark !== undefined && isTimeSeries(view);
}

/** Whether a unit can carry the nearest-point hover: a point mark, or a line (which gets points). */
function hoverable(unit: Json): 'point' | 'line' | undefined {
  const type = markType(unit.mark);
  if (type === undefined || !isObject(unit.encoding)) return undefined;
  if (unit.encoding.tooltip === undefined && tooltipOf(unit.encoding).length === 0) return undefined;
  return POINT_MARKS.includes(type) ? 'point' : type === 'line' ? 'line' : undefined;
}

const DISCRETE = [undefined, 'nominal', 'ordinal'];

/**
 * The tooltip of a unit carrying the nearest hover, readable from its Voronoi cells: each discrete
 * field without a format gets `format: ''`. Works around vega-lite 6.4's tooltip of a Voronoi
 * cell, which reads a discrete field without a format from the cell's own datum (`datum[f]`, not
 * the point's `datum.datum[f]`: addLineBreaksToTooltip ignores its expr argument), so it showed
 * "undefined"; with a format it takes the text path, which reads the point's datum. Other entries
 * are kept as they are.
 */
export function voronoiTooltip(tooltip: unknown): unknown {
  const fix = (entry: unknown): unknown => (isObject(entry) && typeof entry.field === 'string' && DISCRETE.includes(entry.type as string | undefined) && entry.format === undefined ? { ...entry, format: '' } : entry);
  return Array.isArray(tooltip) ? tooltip.map(fix) : fix(tooltip);
}

const zoomParam = (name: string): Json => ({ name, select: { type: 'interval', encodings: ['x'] }, bind: 'scales' });

class Rewriter {
  private zooms = 0;
  private hovers = 0;

  spec(view: Json, zoom?: string): Json {
    if (Array.isArray(view.layer)) return this.layer(view, zoom);
    for (const key of NESTED) {
      if (!Array.isArray(view[key])) continue;
      const panels = view[key] as Json[];
      if (panels.filter(hasTimeSeries).length < 2) return { ...view, [key]: panels.map((v) => this.spec(v)) };
      // Linked zoom: one x scale, one selection name in every time-series panel.
      const linked = `zoom_${this.zooms++}`;
      const resolve = isObject(view.resolve) ? view.resolve : {};
      const scale = isObject(resolve.scale) ? resolve.scale : {};
      return { ...view, [key]: panels.map((v) => this.spec(v, hasTimeSeries(v) ? linked : undefined)), resolve: { ...resolve, scale: { ...scale, x: 'shared' } } };
    }
    if (view.mark === undefined) return view;
    const name = isTimeSeries(view) ? (zoom ?? `zoom_${this.zooms++}`) : undefined;
    return this.unit(view, name, hoverable(view) !== undefined);
  }

  private layer(view: Json, zoom?: string): Json {
    let zoomed = false;
    const children = view.layer as Json[];
    const point = children.findIndex((c) => hoverable(c) === 'point');
    const nearest = point >= 0 ? point : children.findIndex((c) => hoverable(c) === 'line');
    const layer = children.map((child, i) => {
      if (Array.isArray(child.layer)) return this.layer(child);
      const zooms = !zoomed && isTimeSeries(child);
      zoomed ||= zooms;
      return this.unit(child, zooms ? (zoom ?? `zoom_${this.zooms++}`) : undefined, i === nearest);
    });
    return { ...view, layer };
  }

  /** A unit with its tooltip, zoom (given its selection name) and, when `nearest`, the nearest-point hover. */
  private unit(unit: Json, zoom: string | undefined, nearest: boolean): Json {
    const encoding = isObject(unit.encoding) ? unit.encoding : {};
    const tooltip = encoding.tooltip === undefined ? tooltipOf(encoding) : undefined;
    const withTooltip = tooltip === undefined || tooltip.length === 0 ? encoding : { ...encoding, tooltip };
    const own = Array.isArray(unit.params) ? (unit.params as Json[]) : [];
    const zoomParams = zoom === undefined ? [] : [zoomParam(zoom)];
    const type = markType(unit.mark);
    if (nearest && type === 'line') return this.lineWithPoints(unit, withTooltip, [...own, ...zoomParams]);
    let mark = unit.mark;
    if (tooltip !== undefined && tooltip.length > 0 && type === 'line') {
      const base = isObject(mark) ? mark : { type: 'line' };
      mark = { ...base, point: isObject(base.point) ? base.point : base.point === true ? { filled: true } : { filled: true, opacity: 0, size: HOVER_POINT_SIZE } };
    }
    const params = [...own, ...zoomParams, ...(nearest ? [this.hoverParam()] : [])];
    const finalEncoding = nearest ? { ...withTooltip, tooltip: voronoiTooltip(withTooltip.tooltip) } : withTooltip;
    return {
      ...unit,
      ...(params.length === 0 && unit.params === undefined ? {} : { params }),
      mark,
      ...(finalEncoding === encoding ? {} : { encoding: finalEncoding }),
    };
  }

  /**
   * A line unit as a layer: the line (with the unit's own and zoom params), then a point on each
   * datum carrying the tooltip and the nearest hover; the points are invisible, the hovered one
   * shows, unless the line showed its points (then they all stay).
   */
  private lineWithPoints(unit: Json, encoding: Json, params: Json[]): Json {
    const { mark, params: _params, encoding: _encoding, ...rest } = unit;
    const base = isObject(mark) ? mark : { type: 'line' };
    const { point, ...line } = base;
    const hover = this.hoverParam();
    const shown = point === true || isObject(point);
    const { tooltip, ...shared } = encoding;
    const points = {
      params: [hover],
      mark: { type: 'point', filled: true, ...(shown ? {} : { size: HOVER_POINT_SIZE }), ...(isObject(point) ? point : {}) },
      encoding: { ...(shown ? {} : { opacity: { condition: { param: hover.name, empty: false, value: 1 }, value: 0 } }), tooltip: voronoiTooltip(tooltip) },
    };
    return { ...rest, encoding: shared, layer: [{ ...(params.length === 0 ? {} : { params }), mark: line }, points] };
  }

  private hoverParam(): Json & { name: string } {
    return { name: `hover_${this.hovers++}`, select: { type: 'point', on: 'pointerover', clear: 'pointerout', nearest: true } };
  }
}

/** The spec with tooltips on every view, nearest-point hover and linked x zoom on time series (see the file comment). */
export function interactiveSpec(spec: TopLevelSpec): TopLevelSpec {
  return new Rewriter().spec(spec as unknown as Json) as unknown as TopLevelSpec;
}
