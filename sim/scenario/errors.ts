// Bad input is a value the CLI can print, never a stack trace: ScenarioError carries the file,
// the field path, what was expected and, where one exists, a suggestion. One error may hold
// several problems (every zod issue of a file is reported at once).

export interface Problem {
  /** Dotted field path, e.g. 'workload.arrival.ratePerSecond' ('' for the whole file). */
  path: string;
  message: string;
  suggestion?: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(formatProblems(file, problems));
    this.name = 'ScenarioError';
  }
}

/** One problem as a line: "path: message; suggestion" (no path for the whole file, no suggestion when none). */
export function formatProblem(p: Problem): string {
  const where = p.path === '' ? '' : `${p.path}: `;
  const hint = p.suggestion ? `; ${p.suggestion}` : '';
  return `${where}${p.message}${hint}`;
}

/** The file, the number of problems, then one indented line per problem. */
export function formatProblems(file: string, problems: Problem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return `${file}: ${problems.length} ${noun}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
}

/**
 * Several files' errors as one (loadScenarios): a ScenarioError, so whatever handles one bad file
 * handles many; its message is every file's message in file order, `errors` keeps them apart.
 */
export class ScenarioErrors extends ScenarioError {
  constructor(readonly errors: readonly ScenarioError[]) {
    super(errors.map((e) => e.file).join(', '), errors.flatMap((e) => e.problems));
    this.message = errors.map((e) => e.message).join('\n');
    this.name = 'ScenarioErrors';
  }
}
