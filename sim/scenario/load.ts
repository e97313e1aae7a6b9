// Reading a scenario file: YAML (the `yaml` package) or JSON by extension, with parse errors
// reported as ScenarioError (line and column), then resolveScenario. One of the three modules
// allowed to touch files (with cli.ts and report/write.ts).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ScenarioError } from './errors.ts';
import { resolveScenario, type Scenario } from './resolve.ts';

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ScenarioError(file, [{ path: '', message: `cannot read the scenario: ${why}` }]);
  }
  const raw = parseText(file, text);
  const base = dirname(resolve(file));
  return resolveScenario(raw, {
    file,
    readJson: (path) => JSON.parse(readFileSync(resolve(base, path), 'utf8')),
  });
}

export function parseText(file: string, text: string): unknown {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ScenarioError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      throw new ScenarioError(file, [{ path: '', message: `not valid YAML${where}: ${e.message.split('\n')[0]}` }]);
    }
    throw new ScenarioError(file, [{ path: '', message: `not valid YAML: ${(e as Error).message}` }]);
  }
}
