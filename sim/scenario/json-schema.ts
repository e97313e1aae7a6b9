// The scenario file format as JSON Schema (draft 2020-12), generated from the zod schema with
// zod's own converter so that editors can autocomplete and check scenario files.

import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
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
