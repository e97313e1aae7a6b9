// The structural difference of two resolved scenario records (provenance.ts's
// resolvedScenarioRecord): every leaf whose value differs, as a dotted path with A's and B's
// values — `engine.enableChunkedPrefill: true → false`.
// Invariants: a pure function; paths in A's key order, then keys only B has; plain objects are
// walked key by key; arrays and every other value are compared whole (by their JSON text), so an
// array that differs anywhere is one entry; a key present on one side only shows `undefined` on
// the other; equal records give [].
// NOTE: the records are what was simulated (defaults and preset values filled in), so a field
// written in one file and left to its default in the other differs only if the values differ.

export interface ConfigDifference {
  /** Dotted path inside the resolved record, e.g. 'engine.enableChunkedPrefill'. */
  path: string;
  baseline: unknown;
  value: unknown;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Every leaf path where `a` and `b` differ, with both values. */
export function configDiff(a: unknown, b: unknown, prefix = ''): ConfigDifference[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    return keys.flatMap((k) => configDiff(a[k], b[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  return same(a, b) ? [] : [{ path: prefix, baseline: a, value: b }];
}

/** One difference as text: `engine.enableChunkedPrefill: true → false` (values as JSON; undefined as 'unset'). */
export function formatDifference(d: ConfigDifference): string {
  const text = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));
  return `${d.path}: ${text(d.baseline)} → ${text(d.value)}`;
}
