// A plan's sweep: the `sweep` section checked (parseSweep) and expanded into configurations
// (expandSweep), each a {dotted path: value} object that withConfig sets on a copy of the base.
// Order: axes in file order, the last one fastest (an odometer); a zip group is one axis at the
// position of its first member, its i-th configuration taking every member's i-th value.
// Ranges: linear { from, to, steps } gives from + (to − from)·i/(steps − 1); `scale: log` gives
// from·(to/from)^(i/(steps − 1)); both end exactly on from and to, and every value is rounded to
// 12 significant digits so that float noise does not reach a file (1 → 1000 in 4 log steps is
// 1, 10, 100, 1000, so an integer field such as hardware.tp gets integers; a range that lands
// between integers gives values the scenario schema refuses, listed as skipped, never rounded).
// Invariants: pure and deterministic; an axis's values (a zip group's tuples) are distinct, so
// every configuration's key is distinct; nothing is expanded past MAX_CONFIGURATIONS.
// NOTE: `name` and `seed` cannot be swept: each configuration is named after the plan, and every
// configuration runs on the same seeds (common random numbers), so differences between
// configurations are theirs, not the seeds'; simulation.replications is plan.replications.

import {
  MAX_CONFIGURATIONS,
  RangeSchema,
  ScenarioError,
  didYouMean,
  scenarioFieldPaths,
  type AxisSection,
  type Problem,
  type RangeSection,
  type SweepSection,
} from '../scenario/index.ts';
import type { ConfigValues } from './plan-types.ts';

/** Paths a sweep may not name, and why. */
const REFUSED: Record<string, string> = {
  name: 'each configuration is named after the plan (<name>-<index>)',
  seed: 'every configuration runs on the same seeds (common random numbers), so that differences between configurations are not seed noise; set seed once for the plan',
  'simulation.replications': 'replications per simulated point are plan.replications',
  $schema: 'it is not a scenario setting',
};

/** Keys that would reach an object's prototype: never set through a path. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The sweep section checked: every axis a list or a range on a real scenario field, zip groups of
 * distinct axes with equal lengths. Axis order is the order of `raw`'s keys (the file's order).
 * Problems are reported together, as a ScenarioError naming `file` and `sweep.<path>`.
 */
export function parseSweep(raw: unknown, file: string): SweepSection {
  const problems: Problem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ path: 'sweep', message: `expected a mapping of axes (dotted path: values), got ${describe(raw)}`, suggestion: 'e.g. sweep: { hardware.tp: [1, 2, 4] }' }]);
  }
  const section = raw as Record<string, unknown>;
  const out: SweepSection = {};
  const known = scenarioFieldPaths();
  // A zipped axis may repeat a value (its group's tuples must be distinct: checked on expansion).
  const zipped = new Set(Array.isArray(section.zip) ? section.zip.flat().filter((p): p is string => typeof p === 'string') : []);
  for (const [path, value] of Object.entries(section)) {
    if (path === 'zip') continue;
    const where = `sweep.${path}`;
    if (path in REFUSED) {
      problems.push({ path: where, message: `'${path}' cannot be swept: ${REFUSED[path]}` });
      continue;
    }
    if (!known.includes(path)) {
      problems.push({ path: where, message: `'${path}' is not a scenario field (an axis names one by its dotted path, e.g. hardware.tp)`, suggestion: didYouMean(path, known) });
      continue;
    }
    const axis = parseAxis(value, where, problems, !zipped.has(path));
    if (axis !== undefined) out[path] = axis;
  }
  if (section.zip !== undefined) {
    const zip = parseZip(section.zip, section, problems);
    if (zip !== undefined) out.zip = zip;
  }
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return out;
}

function parseAxis(value: unknown, where: string, problems: Problem[], distinct: boolean): AxisSection | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      problems.push({ path: where, message: 'an empty list: an axis needs at least one value' });
      return undefined;
    }
    const bad = value.findIndex((v) => !isPlainValue(v));
    if (bad >= 0) {
      problems.push({ path: `${where}.${bad}`, message: 'a value must be a finite number, a string, a boolean, or a list or mapping of these (without self-references)' });
      return undefined;
    }
    const repeat = distinct ? firstRepeat(value) : undefined;
    if (repeat !== undefined) {
      problems.push({ path: where, message: `the value ${repeat} appears more than once: each configuration must be distinct` });
      return undefined;
    }
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const r = RangeSchema.safeParse(value);
    if (r.success) {
      const repeat = firstRepeat(rangeValues(r.data));
      if (repeat === undefined) return r.data;
      problems.push({ path: where, message: `the range repeats the value ${repeat} (its values are rounded to 12 significant digits): use fewer steps` });
      return undefined;
    }
    for (const issue of r.error.issues) {
      const sub = issue.path.map(String).join('.');
      problems.push({ path: sub === '' ? where : `${where}.${sub}`, message: issue.message.replace(/^Too (small|big): /, ''), suggestion: 'a range is { from, to, steps } (steps >= 2), with scale: log for equal ratios' });
    }
    return undefined;
  }
  problems.push({ path: where, message: `expected a list of values or a range { from, to, steps }, got ${describe(value)}`, suggestion: `e.g. [${JSON.stringify(value)}]` });
  return undefined;
}

function parseZip(zip: unknown, section: Record<string, unknown>, problems: Problem[]): string[][] | undefined {
  const fail = (message: string, path = 'sweep.zip'): undefined => {
    problems.push({ path, message, suggestion: 'e.g. zip: [[hardware.gpu, precision.weights]]' });
    return undefined;
  };
  if (!Array.isArray(zip)) return fail(`expected a list of groups of axis paths, got ${describe(zip)}`);
  const seen = new Set<string>();
  const groups: string[][] = [];
  zip.forEach((group, g) => {
    const where = `sweep.zip.${g}`;
    if (!Array.isArray(group) || group.length < 2 || !group.every((p) => typeof p === 'string')) {
      fail('a zip group is a list of at least two axis paths', where);
      return;
    }
    let lengths: { path: string; n: number }[] = [];
    for (const path of group as string[]) {
      if (seen.has(path)) fail(`'${path}' is in more than one zip group (or twice in one)`, where);
      seen.add(path);
      if (!(path in section) || path === 'zip') {
        fail(`'${path}' is not an axis of this sweep`, where);
        lengths = [];
        break;
      }
      const n = axisLength(section[path]);
      if (n !== undefined) lengths.push({ path, n });
    }
    if (lengths.length > 1 && lengths.some((l) => l.n !== lengths[0].n)) {
      fail(`the axes of a zip group vary together, so they need equal lengths; got ${lengths.map((l) => `${l.path} ${l.n}`).join(', ')}`, where);
      return;
    }
    groups.push(group as string[]);
  });
  return groups;
}

/** The number of values of a raw axis (undefined when it is malformed: reported elsewhere). */
function axisLength(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  const r = RangeSchema.safeParse(value);
  return r.success ? r.data.steps : undefined;
}

/** The values of a range, from and to exact, rounded to 12 significant digits. */
export function rangeValues(r: RangeSection): number[] {
  const n = r.steps - 1;
  return Array.from({ length: r.steps }, (_, i) => {
    if (i === 0) return r.from;
    if (i === n) return r.to;
    const x = r.scale === 'log' ? r.from * (r.to / r.from) ** (i / n) : r.from + ((r.to - r.from) * i) / n;
    return Number(x.toPrecision(12));
  });
}

function axisValues(axis: AxisSection): unknown[] {
  return Array.isArray(axis) ? axis : rangeValues(axis);
}

/**
 * The configurations of a sweep, in plan order (see the header); one empty configuration when
 * there is no sweep. A section not from parseSweep is checked first (a ScenarioError naming `file`).
 */
export function expandSweep(sweep: SweepSection | undefined, file = 'sweep'): ConfigValues[] {
  if (sweep === undefined) return [{}];
  const checked = parseSweep(sweep, file);
  const paths = Object.keys(checked).filter((k) => k !== 'zip');
  if (paths.length === 0) return [{}];
  const groupOf = new Map<string, string[]>();
  for (const group of checked.zip ?? []) for (const p of group) groupOf.set(p, group);
  // Units: a standalone axis, or a zip group at its first member's position.
  const units: { paths: string[]; tuples: unknown[][] }[] = [];
  for (const path of paths) {
    const group = groupOf.get(path);
    if (group === undefined) {
      units.push({ paths: [path], tuples: axisValues(checked[path] as AxisSection).map((v) => [v]) });
    } else if (path === firstInFileOrder(group, paths)) {
      const columns = group.map((p) => axisValues(checked[p] as AxisSection));
      const tuples = columns[0].map((_, i) => columns.map((c) => c[i]));
      const repeat = firstRepeat(tuples);
      if (repeat !== undefined) throw new ScenarioError(file, [{ path: 'sweep.zip', message: `the group ${group.join(', ')} repeats the values ${repeat}: each configuration must be distinct` }]);
      units.push({ paths: group, tuples });
    }
  }
  const total = units.reduce((n, u) => n * u.tuples.length, 1);
  if (total > MAX_CONFIGURATIONS) {
    throw new ScenarioError(file, [{ path: 'sweep', message: `${total} configurations (${units.map((u) => u.tuples.length).join(' × ')}) is over the limit of ${MAX_CONFIGURATIONS}`, suggestion: 'fewer values per axis, or zip axes that vary together' }]);
  }
  const out: ConfigValues[] = [];
  const digits = units.map(() => 0);
  for (let k = 0; k < total; k++) {
    const config: ConfigValues = {};
    units.forEach((u, i) => u.paths.forEach((p, j) => (config[p] = u.tuples[digits[i]][j])));
    // Order the configuration's keys by axis position in the file (zip members in file order too).
    out.push(Object.fromEntries(paths.map((p) => [p, config[p]])));
    for (let i = units.length - 1; i >= 0; i--) {
      digits[i]++;
      if (digits[i] < units[i].tuples.length) break;
      digits[i] = 0;
    }
  }
  return out;
}

function firstInFileOrder(group: string[], paths: string[]): string {
  return paths.find((p) => group.includes(p)) as string;
}

/** A deep copy of `raw` with each dotted path of `config` set (missing or non-mapping parents become mappings). */
export function withConfig(raw: Record<string, unknown>, config: ConfigValues): Record<string, unknown> {
  const copy = structuredClone(raw);
  for (const [path, value] of Object.entries(config)) {
    const keys = path.split('.');
    if (keys.some((k) => UNSAFE_KEYS.has(k) || k === '')) throw new Error(`internal: unsafe sweep path '${path}'`);
    let node: Record<string, unknown> = copy;
    keys.slice(0, -1).forEach((k, depth) => {
      const next = Object.hasOwn(node, k) ? node[k] : undefined;
      // A list is stepped into by an index it has (pools.0.hardware…: the one list a path may name).
      const index = keys[depth + 1];
      const intoList = Array.isArray(next) && /^\d+$/.test(index) && Number(index) < next.length;
      if (next === null || typeof next !== 'object' || (Array.isArray(next) && !intoList)) node[k] = {};
      node = node[k] as Record<string, unknown>;
    });
    node[keys[keys.length - 1]] = structuredClone(value);
  }
  return copy;
}

/** JSON-like data: finite numbers, strings, booleans, null, and acyclic lists and mappings of these. */
function isPlainValue(v: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isPlainValue(x, depth + 1));
  if (typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every((x) => isPlainValue(x, depth + 1));
  return false;
}

/** The first value that appears twice (compared as JSON), as JSON; undefined when all are distinct. */
function firstRepeat(values: readonly unknown[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    const text = JSON.stringify(v) ?? String(v);
    if (seen.has(text)) return text;
    seen.add(text);
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
