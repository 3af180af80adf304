import * as fs from 'fs';
import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CompileError } from '../model/errors';
import type { TaskModel, WorkflowModel } from '../model/types';
import { functionGroupKey, functionTimeoutSeconds } from '../compile/timeouts';
import { DEFAULT_RESULT_THRESHOLD_BYTES, ENV, METRICS_NAMESPACE } from '../model/contract';
import { reservedEnvReason } from '../model/reserved-env';
import { handlerModuleProblem } from '../model/handler-module';
import { isLambdaTask } from '../model/task-kinds';
import { lambdaSettings, placeInVpc, settingsKey } from './private/lambda-settings';
import { grantSecretsRead, mergedSecrets } from './secrets';
import { groupBy } from '../graph/group-by';
import { gatheredResultThresholdBytes } from '../compile/data-flow';

/** The package root of dagstep (where lambdas/ and package-lock.json are; `dist/` when built). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
/**
 * A Lambda entry of dagstep's own under lambdas/ (`passthrough`, `concurrency/release.ts`): its .ts
 * source in the repository, or the built .js in the installed package.
 */
export function packagedLambda(entry: string): string {
  return path.join(PACKAGE_ROOT, 'lambdas', `${entry.replace(/\.ts$/, '')}${path.extname(__filename)}`);
}
/** The built-in handler of tasks that name none. */
export const PASSTHROUGH_HANDLER = packagedLambda('passthrough');


/** One deployed function and the tasks it serves. */
export interface TaskFunction {
  readonly handler: string;
  readonly fn: lambda.Function;
  /**
   * The published version the state machine invokes (`fn.currentVersion`): its logical id carries a
   * hash of the function's code and configuration, so new code publishes a new version, changes the
   * definition (a qualified ARN) and therefore publishes a new state machine version.
   */
  readonly version: lambda.IVersion;
  readonly taskIds: readonly string[];
  readonly logGroup: logs.ILogGroup;
  readonly role: iam.Role;
}

/** Options shared by all functions of a workflow. */
export interface TaskFunctionsProps {
  readonly model: WorkflowModel;
  /** Tasks that get a function (every task that runs: DAG tasks and fallbacks). */
  readonly tasks: readonly TaskModel[];
  readonly runtime: lambda.Runtime;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  /** Extra environment for every function (e.g. the idempotency table). */
  readonly environment: Readonly<Record<string, string>>;
  /** Tasks that are idempotent get this extra environment. */
  readonly idempotencyEnvironment?: Readonly<Record<string, string>>;
}

/**
 * Versions a state machine version runs are kept. A published Lambda version is immutable (code,
 * runtime, memory, layers: "Manage Lambda function versions",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html), and a Step Functions
 * execution stays on the state machine version it started with ("How Step Functions associates
 * executions with a version or alias",
 * https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html):
 * an in-flight execution, a redrive or a rollback of the `live` alias to an older version calls the
 * Lambda version that older definition names, so that version must outlive the deploy that replaced
 * it (DESTROY would delete it in CloudFormation's cleanup phase).
 */
export const PINNED_VERSION_OPTIONS: lambda.VersionOptions = { removalPolicy: RemovalPolicy.RETAIN };

/** The handler file a task runs. */
export function handlerOf(task: TaskModel): string {
  return task.handler ?? PASSTHROUGH_HANDLER;
}

/**
 * One NodejsFunction per distinct handler and task timeout (so a function's timeout equals the
 * state timeout of every task it serves), bundled locally by esbuild (never Docker), X-Ray active,
 * Powertools environment set, its own log group with a retention.
 */
export function createTaskFunctions(scope: Construct, props: TaskFunctionsProps): TaskFunction[] {
  // One function per handler, task timeout and Lambda settings: a function's timeout is the state
  // timeout of every task it serves, and tasks with different settings get their own function.
  const groups = groupBy(props.tasks.filter(isLambdaTask), (t) => {
    // The pass-through returns at once and keeps no idempotency record: one function serves every
    // timeout (its own is the shortest); a real handler gets one function per task timeout.
    const handler = handlerOf(t);
    return `${handler === PASSTHROUGH_HANDLER ? handler : functionGroupKey(handler, t)}\0${settingsKey(t)}`;
  });
  const out: TaskFunction[] = [];
  const seen = new Set<string>();
  for (const tasks of groups.values()) {
    const handler = handlerOf(tasks[0]);
    if (handler !== PASSTHROUGH_HANDLER) assertHandlerModule(props.model, tasks[0], handler);
    const id = handler === PASSTHROUGH_HANDLER && !seen.has(handler) ? 'Passthrough' : `${tasks[0].id}`;
    seen.add(handler);
    const logGroup = new logs.LogGroup(scope, `${id}FunctionLogs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role with inline grants only (no AWS managed policy): write to its own log group.
    const role = new iam.Role(scope, `${id}FunctionRole`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `dagstep ${props.model.name}: role of the function serving ${tasks.map((t) => t.id).join(', ')}`.slice(0, 1000),
    });
    logGroup.grantWrite(role);
    const secrets = mergedSecrets(props.model, tasks);
    grantSecretsRead(role, secrets);
    const fn = new nodejs.NodejsFunction(scope, `${id}Function`, {
      role,
      entry: handler,
      handler: 'handler',
      runtime: props.runtime,
      ...lambdaSettings(scope, id, tasks[0], props.memorySize),
      timeout: Duration.seconds(functionTimeoutSeconds(tasks)),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      description: `dagstep ${props.model.name}: ${tasks.map((t) => t.id).join(', ')}`.slice(0, 256),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.model.name,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [ENV.workflow]: props.model.name,
        ...props.environment,
        ...(tasks.some((t) => t.idempotent) ? props.idempotencyEnvironment : {}),
        ...mergedTaskEnvironment(props.model, tasks),
        // Where each secret lives (names and ARNs only): lambdas/secrets.ts reads the values at run time.
        ...(Object.keys(secrets).length > 0 ? { [ENV.secrets]: JSON.stringify(secrets) } : {}),
        [ENV.resultThresholdBytes]: String(resultThresholdOf(tasks[0], props.model)),
      },
      ...bundlingRootsOf(handler, { file: props.model.source, taskId: tasks[0].id }),
      currentVersionOptions: PINNED_VERSION_OPTIONS,
      bundling: {
        forceDockerBundling: false,
        target: 'node24',
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
      },
    });
    placeInVpc(fn, role, tasks[0]);
    out.push({ handler, fn, version: fn.currentVersion, taskIds: tasks.map((t) => t.id), logGroup, role });
  }
  return out;
}

/**
 * A model built by hand (not through the loader) gets the same handler checks, as a CompileError
 * naming the task instead of a bundler crash: the file exists and is a JS/TS module exporting handler.
 */
function assertHandlerModule(model: WorkflowModel, task: TaskModel, handler: string): void {
  const missing = !fs.existsSync(handler) || !fs.statSync(handler).isFile();
  const problem = missing ? `handler file ${handler} not found` : handlerModuleProblem(handler);
  if (problem) throw new CompileError({ file: model.source, taskId: task.id, field: 'handler', message: missing ? problem : `handler ${handler} ${problem.startsWith('expected') ? `is not a module: ${problem}` : problem}` });
}

/**
 * The claim-check threshold of a task's results in bytes; 0 keeps every result inline. With the
 * workflow, at most the task's share of the gathered-results budget (lib/compile/data-flow.ts).
 */
export function resultThresholdOf(task: TaskModel, model?: Pick<WorkflowModel, 'tasks'>): number {
  const own = task.resultStore === false ? 0 : task.resultStore?.thresholdBytes ?? DEFAULT_RESULT_THRESHOLD_BYTES;
  return own === 0 || !model ? own : Math.min(own, gatheredResultThresholdBytes(model));
}

/** Tasks sharing a handler share a function, so their environments must agree. */
function mergedTaskEnvironment(model: WorkflowModel, tasks: readonly TaskModel[]): Record<string, string> {
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  const setBy: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of tasks) {
    for (const [k, v] of Object.entries(t.environment ?? {})) {
      const reserved = reservedEnvReason(k);
      if (reserved) throw new CompileError({ file: model.source, taskId: t.id, field: `environment.${k}`, message: `${reserved}; expected a name of your own` });
      if (Object.prototype.hasOwnProperty.call(env, k) && env[k] !== v) {
        throw new CompileError({
          file: model.source, taskId: t.id, field: `environment.${k}`,
          message: `tasks "${setBy[k]}" and "${t.id}" share the handler ${path.basename(handlerOf(t))} (one function) but set ${k} to different values ("${env[k]}" vs "${v}")`,
        });
      }
      env[k] = v;
      setBy[k] = t.id;
    }
  }
  return env;
}

/** The lock files NodejsFunction bundles with (npm, yarn, pnpm, bun), nearest first in a directory. */
const LOCK_FILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];

/** The nearest lock file in `from` or a directory above it. */
function lockFileAbove(from: string): string | undefined {
  let dir = from;
  for (;;) {
    for (const f of LOCK_FILES) if (fs.existsSync(path.join(dir, f))) return path.join(dir, f);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where NodejsFunction bundles `handler` from: the npm project whose lock file is nearest above the
 * handler, else dagstep's own (the project dagstep is installed in: a handler of a spec kept
 * outside any npm project bundles with dagstep's dependencies). The project root is that lock
 * file's directory, widened to a common ancestor when the handler lies outside it (allowed with
 * `allowHandlersOutsideProject`). Neither found: a CompileError saying what to do, not CDK's
 * LockFileDoesntExist.
 */
export function bundlingRootsOf(handler: string,
  where?: { readonly file: string; readonly taskId: string }): { readonly projectRoot: string; readonly depsLockFilePath: string } {
  const lock = lockFileAbove(path.dirname(handler)) ?? lockFileAbove(PACKAGE_ROOT);
  if (!lock) {
    throw new CompileError({
      file: where?.file ?? handler, taskId: where?.taskId, field: 'handler',
      message: `expected the handler ${handler} inside an npm project (a ${LOCK_FILES.join(', ')} in its directory or above), received none; run \`npm init -y && npm install\` in the directory of the spec, or move the handlers into your project`,
    });
  }
  let root = path.dirname(lock);
  while (path.relative(root, handler).startsWith('..') && path.dirname(root) !== root) root = path.dirname(root);
  return { projectRoot: root, depsLockFilePath: lock };
}
