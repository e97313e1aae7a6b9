// The scenario file format as JSON Schema (draft 2020-12), generated from the zod schema with
// zod's own converter so that editors can autocomplete and check scenario files. One change by
// hand: the top level needs `hardware` or `pools` (the zod schema's `hardware` is required because
// every scenario it parses, a merged pool included, has one).

import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // `hardware` may be left out when `pools` is given (resolve.ts merges each pool into the top
  // level, pools.ts): the schema asks for one of the two.
  const required = (schema.required as string[] | undefined)?.filter((k) => k !== 'hardware');
  return {
    ...schema,
    ...(required === undefined ? {} : { required, anyOf: [{ required: ['hardware'] }, { required: ['pools'] }] }),
    $id: 'https://sakiyomi.dev/scenario.schema.json',
    title: 'sakiyomi scenario',
    description: 'A scenario for the sakiyomi LLM inference cluster simulator.',
  };
}

/**
 * For each property name the format knows, the dotted paths of the sections that hold it ('' for
 * the top level; array items add no segment: 'pools.hardware', 'workload.classes'): where a known
 * key given in the wrong place belongs.
 */
export function knownFieldOwners(): Map<string, string[]> {
  const owners = new Map<string, Set<string>>();
  const walk = (node: unknown, owner: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, owner);
      return;
    }
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'properties' && v !== null && typeof v === 'object') {
        for (const [name, child] of Object.entries(v as Record<string, unknown>)) {
          let set = owners.get(name);
          if (set === undefined) owners.set(name, (set = new Set()));
          set.add(owner);
          walk(child, owner === '' ? name : `${owner}.${name}`);
        }
      } else walk(v, owner);
    }
  };
  walk(scenarioJsonSchema(), '');
  return new Map([...owners].map(([name, set]) => [name, [...set].sort()]));
}

/** Every property name the format knows, for suggestions on unknown keys. */
export function knownFieldNames(): string[] {
  return [...knownFieldOwners().keys()].sort();
}
