// The self-contained HTML report of a run (index.html): the scenario in brief (the resolved
// config), the headline table with its SLO verdicts (the console summary's text), an optional
// diagnosis section, and every chart of the report folder inlined as an SVG image.
// Invariants: pure and byte-stable (a function of its input only: no dates, no random ids);
// works offline and fetches nothing — the static page's Content-Security-Policy meta tag allows no
// script, no connection and no external resource (`default-src 'none'; style-src 'unsafe-inline';
// img-src data:`), and every chart is a data: URI of the SVG the report folder already holds;
// every user-supplied string (scenario name, description, class and pool names, trace paths,
// the summary text, chart titles) passes through escapeHtml — the SVGs travel base64-encoded
// inside <img>, where a browser runs no script and reads no markup of theirs.
// Interactive mode (input.liveCharts, the browser bundle dist/live-charts.js): each chart that
// carries its Vega spec (HtmlChart.vega) is also drawn live by Vega in the page, with tooltips and
// zoom (interactive-spec.ts); its static <img> stays as the fallback, shown until the live view
// has rendered (and for good without JavaScript). The page then has exactly one script, the
// bundle, allowed by its sha256 hash; the one <style> is allowed by its hash too; each spec sits
// in a <script type="application/json"> data block (never executed) with < > & written as \u
// escapes, so no string in it can close the block. The CSP stays strict: no 'unsafe-eval', no
// 'unsafe-inline' script, connect-src and everything else 'none' (interactiveCsp). Text the live
// charts draw (titles with the scenario name, tooltips) goes through Vega's SVG text nodes and
// vega-tooltip's escaping, never through markup.
// NOTE: static without liveCharts (byte for byte the page it always was): SVG <title> tooltips do
// not show through <img>. The interactive page inlines ~660 KB of bundle once (compare and plan pages too: ~0.7–0.8 MB against 40–110 KB static), plus each chart's
// Vega spec (about 1 MB for the default scenario, against about 230 KB static).
// NOTE: the diagnosis hook (HtmlReportInput.diagnosis) is for sim/diagnose/: plain-text
// paragraphs rendered escaped; absent or empty renders no section at all.

import { createHash } from 'node:crypto';

/** One chart of the report: a caption and its rendered SVG markup (and, for the interactive page, its Vega spec). */
export interface HtmlChart {
  title: string;
  svg: string;
  /** The chart's interactive Vega spec (compile-vega.ts of interactive-spec.ts); drawn live only when the input has liveCharts. */
  vega?: unknown;
}

export interface HtmlReportInput {
  /** The scenario name (free text as far as this file is concerned: escaped). */
  scenarioName: string;
  /** The scenario's description, if any. */
  description?: string;
  /** The headline table with intervals and SLO verdicts, as the console prints it. */
  summaryText: string;
  /** The resolved scenario (summary.json's `resolved`), shown as indented JSON. */
  resolved?: unknown;
  /** Hook for sim/diagnose/: the diagnosis, one paragraph per entry; absent or empty renders nothing. */
  diagnosis?: readonly string[];
  charts: readonly HtmlChart[];
  /** sakiyomi's version, for the footer. */
  sakiyomiVersion?: string;
  /** The browser bundle (dist/live-charts.js): given, the page draws the charts that carry `vega` live. */
  liveCharts?: string;
  /** With liveCharts: extra CSS the live charts need (vega-tooltip's stylesheet), added to the page's one <style>. */
  liveStyle?: string;
}

/** The Content-Security-Policy of every report: nothing external, no script. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The 'sha256-…' CSP source of a script or style element's text (its UTF-8 bytes). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of an interactive page: its one script and its one style, by hash; images only as data: URIs; nothing else. */
export function interactiveCsp(script: string, style: string): string {
  return `default-src 'none'; script-src ${cspHash(script)}; style-src ${cspHash(style)}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute: & < > " ' become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:12.5px;line-height:1.35}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto}figcaption{color:#555;font-size:13px}
details summary{cursor:pointer}footer{color:#777;font-size:12px;margin-top:3rem}`;

/** What the interactive page adds: the fallback image hides once the live chart has rendered. */
const LIVE_STYLE = `figure.live img.chart{display:none}.chart-live{overflow-x:auto}.chart-live svg{max-width:100%;height:auto}`;

/** JSON safe inside a <script type="application/json"> element: < > & as \u escapes (valid JSON, nothing can close the element). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Refuses a bundle that could end its <script> element early or open an HTML comment inside it. */
function checkScript(script: string): string {
  if (/<\/script|<!--/i.test(script)) throw new Error('htmlReport: the live-charts bundle contains "</script" or "<!--" and cannot be inlined; rebuild it (npm run build)');
  return script;
}

function chartFigure(chart: HtmlChart, index: number, live: boolean): string {
  const uri = `data:image/svg+xml;base64,${Buffer.from(chart.svg, 'utf8').toString('base64')}`;
  const title = escapeHtml(chart.title);
  const img = `<img class="chart" alt="${title}" src="${uri}">`;
  if (!live || chart.vega === undefined) return `<figure>${img}<figcaption>${title}</figcaption></figure>`;
  return `<figure data-chart="${index}"><div class="chart-live"></div>${img}<script type="application/json">${jsonForScript(chart.vega)}</script><figcaption>${title}</figcaption></figure>`;
}

/** The index.html of a run's report (see the file comment for its guarantees). */
export function htmlReport(input: HtmlReportInput): string {
  const name = escapeHtml(input.scenarioName);
  const live = input.liveCharts !== undefined && input.charts.some((c) => c.vega !== undefined);
  const script = live ? checkScript(input.liveCharts as string) : '';
  const style = live ? `${STYLE}\n${LIVE_STYLE}${input.liveStyle === undefined ? '' : `\n${input.liveStyle}`}` : STYLE;
  const csp = live ? interactiveCsp(script, style) : HTML_CSP;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>sakiyomi: ${name}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<h1 id="scenario-name">${name}</h1>`,
  ];
  if (input.description !== undefined && input.description !== '') parts.push(`<p class="description">${escapeHtml(input.description)}</p>`);
  parts.push('<h2>Results</h2>', `<pre class="summary">${escapeHtml(input.summaryText)}</pre>`);
  const diagnosis = input.diagnosis ?? [];
  if (diagnosis.length > 0) parts.push('<h2>Diagnosis</h2>', ...diagnosis.map((p) => `<pre class="diagnosis">${escapeHtml(p)}</pre>`));
  if (input.charts.length > 0) parts.push('<h2>Charts</h2>', ...input.charts.map((c, i) => chartFigure(c, i, live)));
  if (input.resolved !== undefined) {
    parts.push('<h2>Scenario</h2>', '<details><summary>the resolved configuration (every default filled in)</summary>', `<pre class="resolved">${escapeHtml(JSON.stringify(input.resolved, null, 2))}</pre>`, '</details>');
  }
  const how = live ? '; interactive charts: hover anywhere in a plot for the values of the nearest point; on a time series, wheel or drag to zoom and pan (all panels of the chart together), double-click to reset' : '';
  parts.push(`<footer>generated by sakiyomi${input.sakiyomiVersion === undefined ? '' : ` ${escapeHtml(input.sakiyomiVersion)}`}; self-contained, works offline${how}</footer>`);
  if (live) parts.push(`<script>${script}</script>`);
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
