// The design rules that code review would otherwise have to remember, checked cheaply:
// import directions between rooms, cross-room imports only through a room's index.ts, and
// banned APIs (wall clock, Math.random, console/process/files outside the edges).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SIM = join(import.meta.dirname, '..', 'sim');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const sources = files(SIM).map((path) => ({ rel: relative(SIM, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));
const roomOf = (rel: string) => (rel.includes('/') ? rel.split('/')[0] : rel.replace(/\.ts$/, ''));

/** Which rooms each room may import. Top-level files (run, cli, index) may import any room. */
const ALLOWED: Record<string, string[]> = {
  units: [],
  engine: [],
  random: [],
  kv: [],
  metrics: ['units'],
  /** The scheduler's output (SchedulerOutput): the one contract between the scheduler and the cost models. */
  step: [],
  hardware: ['step', 'units'],
  scenario: ['hardware', 'random', 'units'],
  // metrics: `sakiyomi profile` (workload/trace-profile.ts) summarises a trace's lengths with the bounded-memory LogHistogram.
  workload: ['random', 'scenario', 'metrics', 'units'],
  // Never 'hardware': the scheduler plans steps without knowing what they cost (SchedulerOutput lives in step/).
  scheduler: ['kv', 'step', 'units'],
  cluster: ['engine', 'scheduler', 'kv', 'step', 'hardware', 'metrics', 'workload', 'random', 'scenario', 'units'],
  report: ['metrics', 'units'],
  validation: ['scenario', 'metrics', 'report', 'units'],
  // Many runs of one question (replications, compare): runs run.ts's runScenario on worker threads,
  // streams replication 0's requests.csv with report's sink (only a path crosses to a worker), and
  // diffs resolved configs (provenance.ts).
  study: ['run', 'scenario', 'metrics', 'report', 'provenance', 'units'],
  // Bottleneck evidence and prescriptions: runs the baseline's replication 0 with its records
  // (run), remedies from the GPU catalog and precisions (hardware, scenario), published figures
  // (report), simulations and comparisons through study.
  diagnose: ['study', 'run', 'scenario', 'metrics', 'hardware', 'report', 'units'],
};
const TOP_LEVEL = new Set(['run', 'cli', 'index', 'package-root', 'provenance']);

function imports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

describe('architecture', () => {
  it('every room is known to the rules', () => {
    for (const { rel } of sources) {
      const room = roomOf(rel);
      expect(TOP_LEVEL.has(room) || room in ALLOWED, `${rel}: unknown room '${room}'`).toBe(true);
    }
  });

  it('rooms import only the rooms they may, and only through index.ts', () => {
    const violations: string[] = [];
    for (const { rel, text } of sources) {
      const room = roomOf(rel);
      const depth = rel.split('/').length - 1;
      for (const spec of imports(text)) {
        if (!spec.startsWith('.')) continue;
        const target = join(rel, '..', spec).replaceAll('\\', '/');
        if (target.startsWith('..')) violations.push(`${rel} imports outside sim/: ${spec}`);
        const targetRoom = roomOf(target);
        if (targetRoom === room) continue;
        if (TOP_LEVEL.has(room)) {
          if (depth === 0 && target.includes('/') && !target.endsWith('/index.ts')) violations.push(`${rel} → ${spec}: import a room through its index.ts`);
          continue;
        }
        if (!ALLOWED[room]?.includes(targetRoom)) violations.push(`${rel} → ${spec}: '${room}' may not depend on '${targetRoom}'`);
        else if (target.includes('/') && !target.endsWith('/index.ts')) violations.push(`${rel} → ${spec}: import a room through its index.ts`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the allowed dependencies have no cycle', () => {
    const state = new Map<string, number>();
    const visit = (room: string, path: string[]): void => {
      if (state.get(room) === 2) return;
      expect(state.get(room), `cycle: ${[...path, room].join(' → ')}`).not.toBe(1);
      state.set(room, 1);
      for (const dep of ALLOWED[room] ?? []) visit(dep, [...path, room]);
      state.set(room, 2);
    };
    for (const room of Object.keys(ALLOWED)) visit(room, []);
  });

  it('no wall clock or unseeded randomness anywhere in sim/', () => {
    const banned = [/Math\.random\s*\(/, /Date\.now\s*\(/, /performance\.now\s*\(/, /new Date\s*\(/, /process\.hrtime/];
    const hits = sources.flatMap(({ rel, text }) => banned.filter((re) => re.test(stripComments(text))).map((re) => `${rel}: ${re}`));
    expect(hits).toEqual([]);
  });

  it('console and process only in cli.ts; the file system only in cli.ts, scenario/load.ts, scenario/read-input.ts, report/atomic-folder.ts, report/requests-csv-sink.ts, report/plan-results-file.ts, workload/trace-reader.ts and package-root.ts', () => {
    const hits: string[] = [];
    for (const { rel, text } of sources) {
      const code = stripComments(text);
      if (rel !== 'cli.ts' && /\b(console|process)\./.test(code)) hits.push(`${rel}: console/process`);
      const fsAllowed = ['cli.ts', 'scenario/load.ts', 'scenario/read-input.ts', 'report/atomic-folder.ts', 'report/requests-csv-sink.ts', 'report/plan-results-file.ts', 'package-root.ts',
        // The trace reader streams a trace file synchronously in chunks while the simulation pulls requests (bounded memory): it cannot be read up front by load.ts.
        'workload/trace-reader.ts'];
      if (!fsAllowed.includes(rel) && /from\s+['"](node:)?fs(\/promises)?['"]/.test(code)) hits.push(`${rel}: fs`);
    }
    expect(hits).toEqual([]);
  });
});

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

describe('test isolation (vitest.config.ts)', () => {
  it('every test file that replaces modules with vi.mock runs isolated (the others share their worker\'s modules)', async () => {
    const { ISOLATED } = await import('../vitest.config.ts');
    const root = join(import.meta.dirname, '..');
    const mocking = files(join(root, 'test'))
      .filter((p) => p.endsWith('.test.ts') && /\bvi\.(mock|doMock)\(/.test(stripComments(readFileSync(p, 'utf8'))))
      .map((p) => relative(root, p).replaceAll('\\', '/'))
      .sort();
    expect(mocking.length).toBeGreaterThan(0);
    expect([...ISOLATED].sort()).toEqual(mocking);
  });
});
