import * as path from 'path';
import { closest } from './did-you-mean';
import { Problem, SpecError } from './errors';
import type { RetrySpecObject } from './retry-policies';
import { modelFromSpec, SpecDocument, SpecTask, SpecWorkflowFields } from './spec-loader';
import type { MapConfig, RetryPolicyName, SecretRef, TaskModel, WorkflowModel } from './types';

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** Options of a workflow written with the DSL: a spec's workflow-level fields, and where handler paths start. */
export interface WorkflowOptions extends SpecWorkflowFields {
  /** Directory handler paths (and `mocks`) are relative to (usually `__dirname`). @default process.cwd() */
  readonly baseDir?: string;
}

/** The workflow-level spec fields the DSL hands on (any other option key is not part of a spec). */
const SPEC_WORKFLOW_KEYS: readonly (keyof SpecWorkflowFields)[] = [
  'description', 'layout', 'timeoutSeconds', 'slo', 'schedule', 'triggers', 'concurrency', 'deployment', 'allowHandlersOutsideProject', 'mocks',
];

/** The given keys of `o` that are set. */
function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The task kinds and Lambda settings, exactly as in a spec (see TaskModel and README "Task kinds"). */
type KindOptions = Pick<TaskModel, 'container' | 'batch' | 'glue' | 'http' | 'sdk' | 'workflow' | 'waitFor' | 'approval' | 'memorySize' | 'architecture'
  | 'ephemeralStorageSize' | 'reservedConcurrency' | 'vpc' | 'layers' | 'resultStore' | 'acknowledgeSecrets'>;

/** Options of one task: the same fields as a spec file's task. */
export interface TaskOptions extends KindOptions {
  /** Lambda handler file (exports `handler`), relative to baseDir. @default - a built-in pass-through */
  readonly handler?: string;
  /** Ids (or refs) of tasks that must finish first; `.after()` adds more. */
  readonly dependsOn?: readonly (string | TaskRef)[];
  /** Expected run time, used by the layout and the local engine. @default 1 */
  readonly durationSeconds?: number;
  /** Task timeout. @default - 3 × durationSeconds, at least 60 s */
  readonly timeoutSeconds?: number;
  /** Heartbeat interval for long tasks. @default - none */
  readonly heartbeatSeconds?: number;
  /** A named policy or overrides. @default 'default' (Lambda service errors and TransientError) */
  readonly retry?: RetryPolicyName | RetrySpecObject;
  /** Fan out over an array (a Map state). */
  readonly map?: MapConfig;
  /** A failure is dead-lettered and recorded, and downstream tasks still run. @default false */
  readonly optional?: boolean;
  /** Id of a task that runs instead when this one fails for good. */
  readonly fallback?: string | TaskRef;
  /** Retries are safe (Powertools idempotency on execution + task + input). @default false */
  readonly idempotent?: boolean;
  /** The task has no side effects, so retrying it needs no idempotency. */
  readonly sideEffects?: 'none';
  /** Environment of the task's function. Reference secrets, never inline them. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
  /**
   * Secrets the handler reads with `getSecret(NAME)` (lambdas/secrets.ts): references to Secrets
   * Manager secrets or SSM SecureString parameters, never values. @default - none
   */
  readonly secrets?: Readonly<Record<string, SecretRef>>;
}

/** A task added to a workflow; chain `.after(...)` to add dependencies. */
export class TaskRef {
  /** @internal */
  readonly deps: string[] = [];

  /** @internal where `wf.task(...)` was called: `file:line`, named in this task's errors */
  constructor(readonly id: string, private readonly workflow: WorkflowBuilder, readonly at: string) {}

  /** This task starts after all the given tasks finished. Returns this task, for chaining. */
  after(...tasks: (string | TaskRef)[]): TaskRef {
    for (const t of tasks) {
      const id = typeof t === 'string' ? t : t.id;
      if (typeof t !== 'string' && t.workflow !== this.workflow) {
        throw new SpecError({ file: callSite() ?? this.workflow.source, taskId: this.id, field: 'dependsOn', message: `"${id}" belongs to another workflow` });
      }
      if (!this.deps.includes(id)) this.deps.push(id);
    }
    return this;
  }
}

/**
 * A workflow written in TypeScript. Produces the same model as a spec file, validated by the same
 * code: `wf.toModel()`.
 *
 * ```ts
 * const wf = new WorkflowBuilder('etl', { baseDir: __dirname });
 * const a = wf.task('extract_orders', { handler: 'handlers/extract.ts', retry: 'transient' });
 * wf.task('transform', { handler: 'handlers/transform.ts' }).after(a);
 * ```
 */
export class WorkflowBuilder {
  /** Where errors say the workflow comes from: the file that made it (`<dsl:NAME>` when unknown). */
  readonly source: string;
  /** `file:line` of `new WorkflowBuilder(...)`, named in the workflow's own errors. */
  private readonly at: string;
  private readonly tasks: { ref: TaskRef; options: TaskOptions }[] = [];

  constructor(readonly name: string, private readonly options: WorkflowOptions = {}) {
    this.at = callSite() ?? `<dsl:${name}>`;
    this.source = this.at.replace(/:\d+$/, '');
    if (!NAME.test(name)) {
      throw new SpecError({ file: this.at, field: 'name', message: `expected a name matching ${NAME.source}, received "${name}"` });
    }
  }

  /** Adds a task. Invalid or duplicate ids fail here, at build time. */
  task(id: string, options: TaskOptions = {}): TaskRef {
    const at = callSite() ?? this.source;
    if (!ID.test(id)) {
      throw new SpecError({ file: at, taskId: id, field: 'id', message: `expected an id matching ${ID.source}, received "${id}"` });
    }
    if (this.tasks.some((t) => t.ref.id === id)) {
      throw new SpecError({ file: at, taskId: id, field: 'id', message: 'duplicate task id' });
    }
    const ref = new TaskRef(id, this, at);
    if (options.dependsOn) ref.after(...options.dependsOn);
    this.tasks.push({ ref, options });
    return ref;
  }

  /** The spec document this workflow is equivalent to. */
  toSpec(): SpecDocument {
    return {
      name: this.name,
      ...pick(this.options, SPEC_WORKFLOW_KEYS),
      tasks: this.tasks.map(({ ref, options }): SpecTask => {
        const { dependsOn: _deps, fallback, ...rest } = options;
        void _deps;
        return {
          id: ref.id,
          ...(ref.deps.length > 0 ? { dependsOn: [...ref.deps] } : {}),
          ...rest,
          ...(fallback !== undefined ? { fallback: typeof fallback === 'string' ? fallback : fallback.id } : {}),
        };
      }),
    };
  }

  /**
   * Validates the workflow (the same rules as a spec file) and returns its model. Every problem is
   * reported at once, each naming the DSL file and the line of the task it is about (or of
   * `new WorkflowBuilder`); with spec problems, unknown `.after()` / `dependsOn` names are reported
   * too, rather than only after the others are fixed.
   */
  toModel(): WorkflowModel {
    const spec = this.toSpec();
    try {
      return modelFromSpec(spec, this.source, this.options.baseDir ?? process.cwd());
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      throw new SpecError([...e.problems, ...this.unknownDependencies()].map((p) => this.located(p)));
    }
  }

  /** A problem of this workflow at the line it is about. */
  private located(p: Problem): Problem {
    if (p.file !== this.source) return p;
    const ref = p.taskId !== undefined ? this.tasks.find((t) => t.ref.id === p.taskId)?.ref : undefined;
    return { ...p, file: ref?.at ?? this.at };
  }

  /** Dependencies naming no task (the graph layer reports them too, once the spec problems are fixed). */
  private unknownDependencies(): Problem[] {
    const ids = this.tasks.map((t) => t.ref.id);
    return this.tasks.flatMap(({ ref }) => ref.deps.filter((d) => !ids.includes(d)).map((d) => {
      const hint = closest(d, ids);
      return { file: this.source, taskId: ref.id, field: 'dependsOn', message: `dependsOn names unknown task "${d}"${hint ? ` (did you mean "${hint}"?)` : ''}` };
    }));
  }
}

/**
 * `file:line` of the code that called into the DSL: the first stack frame outside this file and
 * outside Node's own modules, relative to the working directory when under it.
 */
function callSite(): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const m = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (!path.isAbsolute(file) || file === __filename || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const rel = path.relative(process.cwd(), file);
    return `${rel.startsWith('..') ? file : rel}:${m[2]}`;
  }
  return undefined;
}
