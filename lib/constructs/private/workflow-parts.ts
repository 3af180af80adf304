import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { buildMachines, Machines } from '../../compile/machines';
import { defaultLayout, DEFAULT_MAX_TASKS_PER_STATE_MACHINE, planWorkflow, WorkflowPlan } from '../../compile/plan-workflow';
import { defaultStateMachineTimeoutSeconds, idempotencyExpirySeconds } from '../../compile/worst-case';
import { COORDINATION_TTL_ATTRIBUTE, ENV } from '../../model/contract';
import { assertNoSecretLiterals } from '../../compile/checks/secret-gate';
import { isLambdaTask } from '../../model/task-kinds';
import { ConcurrencyLimit } from '../concurrency';
import { createTaskFunctions, resultThresholdOf, TaskFunction } from '../functions';
import { ResultStore } from '../result-store';
import { TaskResources } from '../task-resources';
import type { WorkflowProps } from '../workflow';
import { bookkeepingTable } from './tables';

/** What a workflow's state machines are and name: everything but its operations. */
export interface WorkflowParts {
  readonly plan: WorkflowPlan;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly deadLetterQueue: sqs.Queue;
  readonly idempotencyTable?: dynamodb.Table;
  readonly resultStore?: ResultStore;
  readonly functions: readonly TaskFunction[];
  readonly coordinationTable?: dynamodb.Table;
  readonly stateMachineLogGroup: logs.LogGroup;
  readonly concurrency?: ConcurrencyLimit;
  readonly machines: Machines;
  /** TimeoutSeconds of the state machines. */
  readonly timeoutSeconds: number;
}

/**
 * Storage, functions and machines of a workflow in `scope` (the Workflow construct, or a scope
 * named like it): what its definitions name, with the logical ids the deployed stack gives them.
 * The Workflow construct adds its operations (discovery, guard, observability, alias, triggers).
 * `definitionsOnly`: only the machines' definitions are read, never the template (see
 * MachinesProps.definitionsOnly).
 */
export function buildWorkflowParts(scope: Construct, props: WorkflowProps, definitionsOnly = false): WorkflowParts {
  const model = props.model;
  // A secret literal never reaches a definition, a template or a function's environment: refused
  // here, where the Workflow construct (cdk synth, dagstep run) and `dagstep compile` build.
  assertNoSecretLiterals(model);
  const maxTasksPerStateMachine = props.maxTasksPerStateMachine ?? DEFAULT_MAX_TASKS_PER_STATE_MACHINE;
  const plan = planWorkflow(model, props.layout ?? defaultLayout(model, maxTasksPerStateMachine));
  const timeoutSeconds = props.timeout?.toSeconds() ?? model.timeoutSeconds ?? defaultStateMachineTimeoutSeconds(plan);
  const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

  // Storage: dead letters, idempotency records, large results.
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy,
  });
  const idempotencyTable = model.tasks.some((t) => t.idempotent)
    ? bookkeepingTable(scope, 'IdempotencyTable', { partitionKey: 'id', timeToLiveAttribute: 'expiration', removalPolicy }) : undefined;
  const resultStore = model.tasks.some((t) => isLambdaTask(t) || t.container) ? new ResultStore(scope, 'ResultStore', { removalPolicy }) : undefined;

  // Functions, and what else the states name: one function per distinct handler, the table of
  // cross-branch waits, the machines' log group, what non-Lambda kinds run on, the concurrency gate.
  const functions = createTaskFunctions(scope, {
    model,
    tasks: model.tasks,
    runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
    memorySize: props.memorySize ?? 256,
    logRetention: retention,
    environment: resultStore?.environment() ?? {},
    idempotencyEnvironment: idempotencyTable
      ? { [ENV.idempotencyTable]: idempotencyTable.tableName, [ENV.idempotencyExpirySeconds]: String(idempotencyExpirySeconds(timeoutSeconds)) } : undefined,
  });
  for (const f of functions) {
    resultStore?.grant(f.role, resultThresholdOf(plan.taskById.get(f.taskIds[0])!) > 0);
    if (idempotencyTable && f.taskIds.some((t) => plan.taskById.get(t)!.idempotent)) idempotencyTable.grantReadWriteData(f.fn);
  }
  // Lambda tasks invoke the published version (a qualified ARN that changes with the code): see TaskFunction.version.
  const functionByTask = new Map(functions.flatMap((f) => f.taskIds.map((t) => [t, f.version] as const)));
  const coordinationTable = plan.plan.crossEdges.length > 0
    ? bookkeepingTable(scope, 'CoordinationTable', { timeToLiveAttribute: COORDINATION_TTL_ATTRIBUTE }) : undefined;
  const stateMachineLogGroup = new logs.LogGroup(scope, 'StateMachineLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
  const kindResources = new TaskResources(scope, 'TaskResources', { model, resultStore, logRetention: retention });
  const concurrency = model.concurrency ? new ConcurrencyLimit(scope, 'Concurrency', {
    workflowName: model.name, concurrency: model.concurrency, deadLetterQueue, removalPolicy, logRetention: retention,
  }) : undefined;

  // Machines: the compile stage (partitioning, the size budget, S3 or inline definitions, children).
  const machines = buildMachines(scope, {
    plan, maxTasksPerStateMachine, timeoutSeconds, kindResources, deadLetterQueue,
    functionFor: (taskId) => functionByTask.get(taskId)!,
    coordinationTableName: coordinationTable?.tableName,
    logs: { destination: stateMachineLogGroup, level: props.logLevel ?? sfn.LogLevel.ERROR, includeExecutionData: props.includeExecutionData ?? false },
    wrapMain: concurrency ? (states, definition) => concurrency.wrap(states, definition) : undefined,
    definitionsOnly,
  });
  kindResources.bindStateMachines([machines.main, ...machines.children]);
  return {
    plan, retention, removalPolicy, deadLetterQueue, idempotencyTable, resultStore, functions,
    coordinationTable, stateMachineLogGroup, concurrency, machines, timeoutSeconds,
  };
}
