/**
 * One error type per layer. Each carries where (file, task id, field) and what was expected vs
 * received, so the CLI can print it on one line and exit 1 without a stack trace.
 */

/** One problem found in user input. */
export interface Problem {
  /** The spec file (or `<dsl:NAME>`). */
  readonly file: string;
  /** The task the problem is about, when there is one. */
  readonly taskId?: string;
  /** The field, e.g. `dependsOn`, `map.itemsPath`. */
  readonly field?: string;
  /** What is wrong: says what was expected and what was received. */
  readonly message: string;
}

/** Formats a problem the way every dagstep message looks: `file: task "id": field: message`. */
export function formatProblem(p: Problem): string {
  const parts = [p.file];
  if (p.taskId !== undefined) parts.push(`task "${p.taskId}"`);
  if (p.field !== undefined) parts.push(p.field);
  return `${parts.join(': ')}: ${p.message}`;
}

/** Base of all user-facing errors: the CLI prints `message` and exits 1, never the stack. */
export abstract class DagstepError extends Error {
  /** Every problem found (validation reports all at once). */
  public readonly problems: readonly Problem[];

  protected constructor(name: string, problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = name;
    this.problems = problems;
  }
}

/** The spec or DSL input is malformed (schema, names, types, unknown keys, files). */
export class SpecError extends DagstepError {
  constructor(problems: Problem | readonly Problem[]) {
    super('SpecError', Array.isArray(problems) ? problems : [problems as Problem]);
  }
}

/** The task graph is invalid (cycles, unknown/duplicate/self dependencies). */
export class GraphError extends DagstepError {
  constructor(problems: Problem | readonly Problem[]) {
    super('GraphError', Array.isArray(problems) ? problems : [problems as Problem]);
  }
}

/** The model cannot be compiled to a state machine (limits, missing handler, bad fallback). */
export class CompileError extends DagstepError {
  constructor(problems: Problem | readonly Problem[]) {
    super('CompileError', Array.isArray(problems) ? problems : [problems as Problem]);
  }
}

/** True for errors that are the user's to fix (printed without a stack trace). */
export function isUserError(e: unknown): e is DagstepError {
  return e instanceof DagstepError;
}
