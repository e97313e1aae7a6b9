// The browser side of the interactive HTML report (bundled by bin/build-live-charts.mjs into
// dist/live-charts.js, one IIFE that index.html inlines under a script-src hash). For every
// <figure data-chart> it reads the chart's Vega spec (compiled from Vega-Lite in Node at write
// time: compile-vega.ts) from the figure's <script type="application/json"> data block, parses it
// with `ast: true` and renders it with Vega's View into the figure's .chart-live element as SVG, with vega-tooltip's handler for tooltips; once a view has run, the
// figure gets the class `live` and the page's style hides its static <img> fallback.
// Invariants: no eval and no `new Function` (expressions run in vega-interpreter; field
// accessors and comparators take vega-util's closure path because the interpreter has no
// codegen), so a CSP without 'unsafe-eval' holds; nothing is fetched (the loader refuses every
// URI); no style element is injected (vega-tooltip's default style is disabled: the page carries
// it in its own hashed <style>); a chart that fails keeps its static image and logs one error.
// NOTE: only the transforms Vega-Lite's output for these charts needs are registered (vega's
// core transforms, view transforms and encoders, and voronoi for the nearest-point hover of
// interactive-spec.ts; no geo, force, hierarchy, label, regression, wordcloud or crossfilter),
// and vega-lite does not ship (specs arrive as Vega).
// NOTE: window.sakiyomiViews holds the views (in figure order) for the browser test and for
// whoever wants to poke at a chart from the console.
import { extend } from 'vega-util';
import { transforms } from 'vega-dataflow';
import * as tx from 'vega-transforms';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';
import * as voronoi from 'vega-voronoi';
import { View } from 'vega-view';
import { parse } from 'vega-parser';
import { expressionInterpreter } from 'vega-interpreter';
import { Handler } from 'vega-tooltip';

extend(transforms, tx, vtx, encode, voronoi);

const refuse = (what) => Promise.reject(new Error(`the report loads nothing; refused ${what}`));
const loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

function start() {
  const tooltip = new Handler({ disableDefaultStyle: true }).call;
  const views = [];
  for (const figure of document.querySelectorAll('figure[data-chart]')) {
    try {
      const spec = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
      const view = new View(parse(spec, undefined, { ast: true }), { renderer: 'svg', container: figure.querySelector('.chart-live'), hover: true, expr: expressionInterpreter, loader, tooltip });
      views.push(view);
      view.runAsync().then(
        () => figure.classList.add('live'),
        (e) => console.error(`chart ${figure.dataset.chart}: ${e}`),
      );
    } catch (e) {
      console.error(`chart ${figure.dataset.chart}: ${e}`);
    }
  }
  window.sakiyomiViews = views;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
