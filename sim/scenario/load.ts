// Reading a scenario file: YAML (the `yaml` package) or JSON by extension, with parse errors
// reported as ScenarioError (line and column), then resolveScenario. One of the three modules
// allowed to touch files (with cli.ts and report/atomic-folder.ts).
// Every file goes through readInputFile (a regular file under a size cap, BOM dropped); a
// Hugging Face config must also be named *.json, and its parse errors give the position only,
// never its content (a scenario must not be a way to print other files).
// loadScenarios loads every file before anything runs and reports every file's problems in one
// error, so a typo in the last file is found before a long run of the first.

import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ScenarioError, ScenarioErrors } from './errors.ts';
import { parseJsonText } from './json-text.ts';
import { MAX_HF_CONFIG_BYTES, MAX_SCENARIO_BYTES, readInputFile } from './read-input.ts';
import { resolveScenario, type Scenario } from './resolve.ts';

export function loadScenario(file: string): Scenario {
  const text = readInputFile(file, { what: 'scenario', maxBytes: MAX_SCENARIO_BYTES });
  const raw = parseText(file, text);
  return resolveScenario(raw, { file, readJson: hfConfigReader(file), resolveTraceFile: traceFileResolver(file) });
}

/**
 * Resolves a trace file named relative to `file` and checks that it is a readable regular file
 * (opened once, O_NONBLOCK so a FIFO cannot block); the trace itself is streamed at run time.
 */
export function traceFileResolver(file: string): (path: string) => string {
  const base = dirname(resolve(file));
  return (path) => {
    if (path.includes('\0')) throw new Error('the path contains a NUL character');
    const absolute = resolve(base, path);
    let fd: number;
    try {
      fd = openSync(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot open it (${code ?? (e as Error).message})`);
    }
    try {
      if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
    } finally {
      closeSync(fd);
    }
    return absolute;
  };
}

/** Reads a Hugging Face config.json named relative to `file` (a scenario or a plan file), for ResolveOptions.readJson. */
export function hfConfigReader(file: string): (path: string) => unknown {
  const base = dirname(resolve(file));
  return (path) => readHfConfig(resolve(base, path), path);
}

/** Every file loaded; if any fails, one ScenarioErrors carrying every failing file's problems (in file order). */
export function loadScenarios(files: readonly string[]): Scenario[] {
  const scenarios: Scenario[] = [];
  const errors: ScenarioError[] = [];
  for (const file of files) {
    try {
      scenarios.push(loadScenario(file));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ScenarioErrors(errors);
  return scenarios;
}

/** A Hugging Face config.json at `path` (`written` is the path as the scenario gives it, for messages). */
function readHfConfig(path: string, written: string): unknown {
  if (!/\.json$/i.test(written)) throw new ScenarioError(written, [{ path: '', message: 'a Hugging Face config must be a .json file (config.json)' }]);
  return parseJsonText(written, readInputFile(path, { what: 'Hugging Face config', maxBytes: MAX_HF_CONFIG_BYTES }), 'Hugging Face config');
}

export function parseText(file: string, text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/\.json$/i.test(file)) return parseJsonText(file, text, 'scenario');
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
