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
import { functionTimeoutSeconds } from '../compile/timeouts';
import { ENV, METRICS_NAMESPACE } from '../model/contract';

/** The package root of dagstep (where lambdas/ and package-lock.json are; `dist/` when built). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
/** The built-in handler of tasks that name none: its .ts source, or the built .js in the package. */
export const PASSTHROUGH_HANDLER = path.join(PACKAGE_ROOT, 'lambdas', `passthrough${path.extname(__filename)}`);


/** One deployed function and the tasks it serves. */
export interface TaskFunction {
  readonly handler: string;
  readonly fn: lambda.Function;
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

/** The handler file a task runs. */
export function handlerOf(task: TaskModel): string {
  return task.handler ?? PASSTHROUGH_HANDLER;
}

/**
 * One NodejsFunction per distinct handler, bundled locally by esbuild (never Docker), X-Ray active,
 * Powertools environment set, its own log group with a retention.
 */
export function createTaskFunctions(scope: Construct, props: TaskFunctionsProps): TaskFunction[] {
  const byHandler = new Map<string, TaskModel[]>();
  for (const t of props.tasks) {
    const h = handlerOf(t);
    byHandler.set(h, [...(byHandler.get(h) ?? []), t]);
  }
  const out: TaskFunction[] = [];
  for (const [handler, tasks] of byHandler) {
    const id = handler === PASSTHROUGH_HANDLER ? 'Passthrough' : `${tasks[0].id}`;
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
    const fn = new nodejs.NodejsFunction(scope, `${id}Function`, {
      role,
      entry: handler,
      handler: 'handler',
      runtime: props.runtime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
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
      },
      projectRoot: projectRootOf(handler),
      depsLockFilePath: lockFileOf(handler),
      bundling: {
        forceDockerBundling: false,
        target: 'node24',
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
      },
    });
    out.push({ handler, fn, taskIds: tasks.map((t) => t.id), logGroup, role });
  }
  return out;
}

/** Tasks sharing a handler share a function, so their environments must agree. */
function mergedTaskEnvironment(model: WorkflowModel, tasks: readonly TaskModel[]): Record<string, string> {
  const env: Record<string, string> = {};
  const setBy: Record<string, string> = {};
  for (const t of tasks) {
    for (const [k, v] of Object.entries(t.environment ?? {})) {
      if (k in env && env[k] !== v) {
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

function findUp(file: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, file))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function projectRootOf(handler: string): string {
  return findUp('package-lock.json', path.dirname(handler)) ?? PACKAGE_ROOT;
}

function lockFileOf(handler: string): string {
  return path.join(projectRootOf(handler), 'package-lock.json');
}
