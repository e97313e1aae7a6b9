// htmlReport: escapes every user string, carries a CSP that allows nothing external, inlines
// the charts as data: URIs, renders the diagnosis hook only when given, and is byte-stable.
// Live mode (liveCharts): one script, the bundle, allowed by its sha256 (a known answer: the
// empty string's), the style by its hash, nothing unsafe; each spec in a JSON data block that no
// string can close; the static image kept as the fallback; a bundle that could close its own
// element refused; without liveCharts a chart's `vega` changes nothing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HTML_CSP, cspHash, escapeHtml, htmlReport, interactiveCsp, jsonForScript } from '../../sim/report/index.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const base = {
  scenarioName: HOSTILE,
  description: `"quoted" & 'single' </pre><script>alert(2)</script>`,
  summaryText: `class ${HOSTILE} p95 TTFT 120 ms  met`,
  resolved: { name: HOSTILE, workload: { trace: { path: '/data/<b>x</b>.csv' } } },
  charts: [{ title: `chart of ${HOSTILE}`, svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>a<b</text></svg>' }],
};

describe('escapeHtml', () => {
  it('turns & < > " \' into entities and leaves other text alone', () => {
    expect(escapeHtml(`a&b<c>d"e'f ü`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f ü');
  });
});

const html = htmlReport(base);

describe('htmlReport', () => {

  it('shows a hostile scenario name, description, summary and resolved config as text, never as markup', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('</pre><script>');
    expect(html).toContain('<h1 id="scenario-name">&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;.csv');
    expect(html).toContain('&quot;quoted&quot; &amp; &#39;single&#39;');
  });

  it('declares a CSP allowing no script and nothing external, before any content', () => {
    expect(HTML_CSP).toContain("default-src 'none'");
    expect(HTML_CSP).toContain('img-src data:');
    expect(HTML_CSP).not.toMatch(/script-src|http/);
    const csp = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(csp).toBeGreaterThan(0);
    expect(csp).toBeLessThan(html.indexOf('<title>'));
  });

  it('references nothing outside the page: every src is a data: URI, no href, no url()', () => {
    const srcs = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
    expect(srcs).toHaveLength(1);
    expect(srcs[0].startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(srcs[0].slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8')).toBe(base.charts[0].svg);
    expect(html).not.toMatch(/\shref=|url\(/);
  });

  it('renders the diagnosis section only when given, escaped', () => {
    expect(html).not.toContain('Diagnosis');
    expect(htmlReport({ ...base, diagnosis: [] })).toBe(html);
    const withDiagnosis = htmlReport({ ...base, diagnosis: ['KV-bound: <preemptions> 12% of steps'] });
    expect(withDiagnosis).toContain('<h2>Diagnosis</h2>\n<pre class="diagnosis">KV-bound: &lt;preemptions&gt; 12% of steps</pre>');
  });

  it('is a pure function: the same input gives the same bytes', () => {
    expect(htmlReport(structuredClone(base))).toBe(html);
  });
});

describe('cspHash / jsonForScript', () => {
  it("hashes a script's UTF-8 bytes: the empty string's SHA-256, base64, is the well-known 47DEQpj8…", () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(cspHash('é')).toBe(`'sha256-${createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('base64')}'`);
  });

  it('writes < > & as \\u escapes: valid JSON with the same value, and no way to close the element', () => {
    const value = { title: `</script><script>alert(1)</script> & ${HOSTILE}`, n: [1, 2.5] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('htmlReport with live charts', () => {
  const BUNDLE = 'window.x=1;';
  const vega = { $schema: 'https://vega.github.io/schema/vega/v6.json', title: { text: `${HOSTILE}: latency` }, marks: [] };
  const live = htmlReport({ ...base, charts: [{ ...base.charts[0], vega }, { title: 'static only', svg: base.charts[0].svg }], liveCharts: BUNDLE, liveStyle: '#vg-tooltip-element{visibility:hidden}' });

  it('has one executable script, the bundle, last in the body, and the CSP allows exactly it and the one style by hash', () => {
    const scripts = [...live.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1])).toEqual([' type="application/json"', '']);
    expect(scripts[1][2]).toBe(BUNDLE);
    expect(live.endsWith(`<script>${BUNDLE}</script>\n</body>\n</html>\n`)).toBe(true);
    const style = /<style>([\s\S]*?)<\/style>/.exec(live)?.[1] ?? '';
    expect(style).toContain('#vg-tooltip-element{visibility:hidden}');
    expect(style).toContain('figure.live img.chart{display:none}');
    const csp = interactiveCsp(BUNDLE, style);
    expect(csp).toBe(`default-src 'none'; script-src ${cspHash(BUNDLE)}; style-src ${cspHash(style)}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`);
    expect(live).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`);
    expect(csp).not.toMatch(/unsafe|http/);
  });

  it('puts the spec in a data block beside the static image (the fallback), and leaves a chart without a spec static', () => {
    expect(live).toContain(`<figure data-chart="0"><div class="chart-live"></div><img class="chart" alt="chart of &lt;img src=x onerror=alert(1)&gt;" src="data:image/svg+xml;base64,`);
    expect(live).toContain(`<script type="application/json">${jsonForScript(vega)}</script><figcaption>`);
    expect(live).toContain('<figure><img class="chart" alt="static only"');
    expect(live).not.toContain('<img src=x');
    expect(live).toContain('interactive charts: hover anywhere in a plot for the values of the nearest point');
  });

  it('refuses a bundle that could close its own element or open a comment', () => {
    for (const bad of ['a="</script>"', 'x<!--y', 'a="</SCRIPT "']) {
      expect(() => htmlReport({ ...base, charts: [{ ...base.charts[0], vega }], liveCharts: bad })).toThrow(/cannot be inlined/);
    }
  });

  it('without liveCharts (or with no chart carrying a spec) the page is the static one, byte for byte', () => {
    expect(htmlReport({ ...base, charts: [{ ...base.charts[0], vega }] })).toBe(html);
    expect(htmlReport({ ...base, liveCharts: BUNDLE })).toBe(html);
  });

  it('is byte-stable', () => {
    expect(htmlReport({ ...base, charts: [{ ...base.charts[0], vega }, { title: 'static only', svg: base.charts[0].svg }], liveCharts: BUNDLE, liveStyle: '#vg-tooltip-element{visibility:hidden}' })).toBe(live);
  });
});
