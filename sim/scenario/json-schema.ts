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

/** Every property name the format knows, for suggestions on unknown keys. */
export function knownFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (obj.properties && typeof obj.properties === 'object') {
      for (const k of Object.keys(obj.properties)) names.add(k);
    }
    for (const v of Object.values(obj)) walk(v);
  };
  walk(scenarioJsonSchema());
  return [...names].sort();
}
