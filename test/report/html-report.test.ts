// htmlReport: escapes every user string, carries a CSP that allows nothing external, inlines
// the charts as data: URIs, renders the diagnosis hook only when given, and is byte-stable.
import { describe, expect, it } from 'vitest';
import { HTML_CSP, escapeHtml, htmlReport } from '../../sim/report/index.ts';

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

describe('htmlReport', () => {
  const html = htmlReport(base);

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
