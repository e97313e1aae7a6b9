// The results file format: header + one line per configuration; a partial last line is ignored
// (and its offset returned so the appender cuts it); corrupt lines, foreign headers and another
// plan's hash are refused with one clear message.
import { describe, expect, it } from 'vitest';
import { PlanResultsError, checkResumable, jsonLine, parseResultsText, planHash, planResultsHeader, type Plan, type PointResult } from '../../sim/study/index.ts';

const plan: Plan = {
  name: 'p',
  file: 'p.yaml',
  options: { maxRate: true, tolerance: 0.02, replications: 2, maxReplicas: 64, screen: false },
  points: [
    { index: 0, key: '{"a":1}', config: { a: 1 }, skipped: 'no' },
    { index: 1, key: '{"a":2}', config: { a: 2 }, skipped: 'no' },
  ],
};
const result = (index: number): PointResult => ({ index, key: `{"a":${index + 1}}`, config: { a: index + 1 }, status: 'skipped', reason: 'no', curve: [], simulations: 0 });

describe('plan results file', () => {
  it('parseResultsText reads the header and whole lines; a last line without newline is partial and ignored', () => {
    const whole = jsonLine(planResultsHeader(plan)) + jsonLine(result(0));
    const parsed = parseResultsText('r.jsonl', `${whole}{"index":1,"ke`);
    expect(parsed.header).toEqual({ format: 'sakiyomi-plan-results/1', plan: 'p', file: 'p.yaml', hash: planHash(plan), configurations: 2 });
    expect(parsed.results).toEqual([result(0)]);
    expect(parsed.partial).toBe(true);
    expect(parsed.wholeBytes).toBe(Buffer.byteLength(whole));
    expect(parseResultsText('r.jsonl', whole).partial).toBe(false);
  });

  it('parseResultsText refuses a corrupt middle line, a missing header, and a foreign first line, naming the file and line', () => {
    const header = jsonLine(planResultsHeader(plan));
    expect(() => parseResultsText('r.jsonl', `${header}garbage\n${jsonLine(result(0))}`)).toThrow('r.jsonl: line 2 is not JSON');
    expect(() => parseResultsText('r.jsonl', `${header}{"x":1}\n`)).toThrow('r.jsonl: line 2 is not a plan result');
    expect(() => parseResultsText('r.jsonl', '{"a":')).toThrow('r.jsonl: no header line');
    expect(() => parseResultsText('r.jsonl', '{"a":1}\n')).toThrow(PlanResultsError);
  });

  it('planHash changes with a configuration or an option, and not with the shard', () => {
    const h = planHash(plan);
    expect(planHash({ ...plan, points: plan.points.slice(0, 1) })).not.toBe(h);
    expect(planHash({ ...plan, options: { ...plan.options, tolerance: 0.05 } })).not.toBe(h);
    expect(planResultsHeader(plan, { index: 1, count: 3 })).toMatchObject({ hash: h, shard: '1/3' });
  });

  it('checkResumable refuses another plan\'s file and another shard\'s file', () => {
    const mine = planResultsHeader(plan);
    expect(() => checkResumable('r.jsonl', mine, mine)).not.toThrow();
    const other = planResultsHeader({ ...plan, points: plan.points.slice(0, 1) });
    expect(() => checkResumable('r.jsonl', other, mine)).toThrow(/r\.jsonl holds results of a different plan .*the plan file changed since; delete the results file/);
    expect(() => checkResumable('r.jsonl', planResultsHeader(plan, { index: 0, count: 2 }), mine)).toThrow('r.jsonl holds results of shard 0/2, not the whole plan');
  });
});
