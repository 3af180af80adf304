import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LayoutMode, WorkflowModel } from '../model/types';
import { defaultLayout, DEFAULT_MAX_TASKS_PER_STATE_MACHINE, planWorkflow, WorkflowPlan } from '../compile/compile';
import { CompileError } from '../model/errors';
import { assertNoSecretLiterals } from '../compile/checks/secret-gate';
import { CrossEdgeRenderer } from '../compile/cross-edges';
import { DeadLetterRouter } from '../compile/dead-letter';
import { ChildNode, partitionPlan } from '../compile/partition';
import { DEFINITION_BYTES_BUDGET, estimatedTaskBytes } from '../compile/definition-size';
import { StateBuilder } from '../compile/state-builder';
import { crossWaitTimeoutSeconds, defaultStateMachineTimeoutSeconds, idempotencyExpirySeconds } from '../compile/worst-case';
import { AssetChainDefinitionBody } from './asset-definition';
import { DeadLetterGuard } from './dead-letter-guard';
import { renderReferences, renderResolvedJson } from './references';
import { createTaskFunctions, resultThresholdOf, TaskFunction } from './functions';
import { acknowledgeWorkflowFindings } from './security';
import { idSafeScope } from './private/id-safe-scope';
import { Thresholds, WorkflowObservability } from './observability';
import { COORDINATION_TTL_ATTRIBUTE, ENV } from '../model/contract';
import { grantResumeOwnExecutions } from './callbacks';
import { WorkflowDiscovery } from './discovery';
import { ConcurrencyLimit } from './concurrency';
import type { LiveAlias } from './deployment';
import { goLive } from './go-live';
import type { WorkflowTriggers } from './triggers';
import { acknowledgeKindFindings } from './private/kind-findings';
import { isLambdaTask } from '../model/task-kinds';
import { ResultStore } from './result-store';
import { grantHttpEndpoints, integrationTasks, TaskResources } from './task-resources';
import { bookkeepingTable } from './private/tables';

/** Props of a {@link Workflow}. */
export interface WorkflowProps {
  /** The workflow model, from the DSL or a spec file. */
  readonly model: WorkflowModel;
  /**
   * How the DAG is laid out into Parallel states.
   * @default - the model's `layout`, else 'balanced' ('sp' when the workflow is split into child
   * state machines, which cross-branch waits cannot span)
   */
  readonly layout?: LayoutMode;
  /**
   * How long one execution may run before Step Functions stops it.
   * @default - the model's `timeoutSeconds`, else the worst-case critical path including retries, plus 10 %
   */
  readonly timeout?: Duration;
  /**
   * Lambda runtime of the task functions.
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Memory of each task function, in MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Retention of the function and state machine logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the dead-letter queue and the idempotency table when the stack is deleted.
   * @default RemovalPolicy.RETAIN - never lose dead letters
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Most tasks one state machine runs; larger workflows are split into child state machines
   * (started with `startExecution.sync:2`), keeping history per execution well under 25,000 events.
   * A layout without cross-branch waits is also split where a machine's definition is estimated
   * over DEFINITION_BYTES_BUDGET (long ids, many dependencies), so each stays under Step Functions' 1 MB.
   * @default 300
   */
  readonly maxTasksPerStateMachine?: number;
  /**
   * Alarms, dashboard and saved queries.
   * @default true
   */
  readonly observability?: boolean;
  /** Where alarms notify. @default - a new encrypted SNS topic */
  readonly alarmTopic?: sns.ITopic;
  /** An email subscribed to the alarm topic. @default - none */
  readonly alarmEmail?: string;
  /** Alarm thresholds. @default - see Thresholds */
  readonly thresholds?: Thresholds;
  /**
   * Write the SSM parameter `/dagstep/<workflow>` and the tags the dagstep CLI finds the workflow by
   * (turn off when two stacks in one account and region deploy the same workflow name).
   * @default true
   */
  readonly discovery?: boolean;
  /**
   * State machine log level. ALL logs every state's input and output (with
   * `includeExecutionData`), which puts business data and dead-letter payloads in CloudWatch Logs.
   * @default sfn.LogLevel.ERROR
   */
  readonly logLevel?: sfn.LogLevel;
  /**
   * Include execution data (inputs, outputs) in state machine log events.
   * @default false
   */
  readonly includeExecutionData?: boolean;
}

/**
 * The tasks nothing depends on: what the output of a partitioned workflow carries (all results of
 * thousands of tasks would not fit Step Functions' 256 KB state).
 */
function finalTasks(wp: WorkflowPlan): string[] {
  const used = new Set(wp.model.tasks.flatMap((t) => t.dependsOn));
  return wp.model.tasks.filter((t) => !used.has(t.id) && !wp.fallbackOnly.has(t.id)).map((t) => t.id);
}

export { DEFAULT_MAX_TASKS_PER_STATE_MACHINE };
/** Above this many tasks, definitions ship as S3 assets so templates stay far below 1 MB. */
export const INLINE_DEFINITION_MAX_TASKS = 150;

/**
 * A dagstep workflow: one Lambda function per distinct handler, a Standard state machine laid out
 * from the DAG (X-Ray, full logging, a timeout), a dead-letter queue every unrecoverable failure
 * ends in, and an idempotency table when a task is idempotent. Usable inside any stack.
 */
export class Workflow extends Construct {
  public readonly model: WorkflowModel;
  public readonly plan: WorkflowPlan;
  public readonly stateMachine: sfn.StateMachine;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly functions: readonly TaskFunction[];
  public readonly stateMachineLogGroup: logs.LogGroup;
  /** Present when the layout has cross-branch waits (exact/auto): one item per edge and execution. */
  public readonly coordinationTable?: dynamodb.Table;
  /** Alarms, dashboard and queries (unless disabled). */
  public readonly observability?: WorkflowObservability;
  /** Child state machines of a partitioned workflow (empty when it fits in one). */
  public readonly childStateMachines: readonly sfn.StateMachine[];
  /** Present when a task is `idempotent`. */
  public readonly idempotencyTable?: dynamodb.Table;
  /** How the CLI finds this workflow (unless `discovery: false`); `useAlias` records the live alias. */
  public readonly discovery?: WorkflowDiscovery;
  /** The `live` alias (`alias.aliasArn`) on the latest version: what triggers and `dagstep start` run. */
  public readonly alias: LiveAlias;
  /** Present with a `schedule` or `triggers`. */
  public readonly triggers?: WorkflowTriggers;
  /** Present with `concurrency`. */
  public readonly concurrency?: ConcurrencyLimit;
  /** Sends the dead letter of executions ASL could not letter (timeout, abort, undeliverable). */
  public readonly deadLetterGuard: DeadLetterGuard;
  /** The claim-check bucket of large results (present when a Lambda or container task exists). */
  public readonly resultStore?: ResultStore;

  private readonly assetBodies = new Map<sfn.StateMachine, AssetChainDefinitionBody>();

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.model = props.model;
    assertNoSecretLiterals(props.model);
    const maxTasks = props.maxTasksPerStateMachine ?? DEFAULT_MAX_TASKS_PER_STATE_MACHINE;
    this.plan = planWorkflow(props.model, props.layout ?? defaultLayout(props.model, maxTasks));
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });

    if (props.model.tasks.some((t) => t.idempotent)) {
      this.idempotencyTable = bookkeepingTable(this, 'IdempotencyTable', { partitionKey: 'id', timeToLiveAttribute: 'expiration', removalPolicy });
    }

    const timeoutSeconds = props.timeout?.toSeconds() ?? props.model.timeoutSeconds
      ?? defaultStateMachineTimeoutSeconds(this.plan);
    if (props.model.tasks.some((t) => isLambdaTask(t) || t.container)) this.resultStore = new ResultStore(this, 'ResultStore', { removalPolicy });
    this.functions = createTaskFunctions(this, {
      model: props.model,
      tasks: props.model.tasks,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      memorySize: props.memorySize ?? 256,
      logRetention: retention,
      environment: this.resultStore?.environment() ?? {},
      idempotencyEnvironment: this.idempotencyTable
        ? { [ENV.idempotencyTable]: this.idempotencyTable.tableName, [ENV.idempotencyExpirySeconds]: String(idempotencyExpirySeconds(timeoutSeconds)) } : undefined,
    });
    const fnByTask = new Map<string, lambda.IFunction>();
    for (const f of this.functions) {
      for (const t of f.taskIds) fnByTask.set(t, f.version);
      this.resultStore?.grant(f.role, resultThresholdOf(this.plan.taskById.get(f.taskIds[0])!) > 0);
      if (this.idempotencyTable && f.taskIds.some((t) => this.plan.taskById.get(t)!.idempotent)) {
        this.idempotencyTable.grantReadWriteData(f.fn);
      }
    }

    if (this.plan.plan.crossEdges.length > 0) {
      this.coordinationTable = bookkeepingTable(this, 'CoordinationTable', { timeToLiveAttribute: COORDINATION_TTL_ATTRIBUTE });
    }

    this.stateMachineLogGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Split by size too, where it can be: cross-branch waits cannot span machines, so a layout with
    // waits stays whole (and `dagstep check` reports a definition over 1 MB).
    const partitioned = partitionPlan(this.plan.plan.root, maxTasks, this.plan.plan.crossEdges.length > 0 ? undefined : {
      bytesOf: (id) => estimatedTaskBytes(this.plan.taskById.get(id)!), maxBytes: DEFINITION_BYTES_BUDGET,
    });
    if (partitioned.children.length > 0 && this.plan.plan.crossEdges.length > 0) {
      throw new CompileError({
        file: props.model.source, field: 'layout',
        message: `${props.model.tasks.length} tasks need child state machines (more than ${maxTasks} per machine), which cross-branch waits cannot span; use layout "sp"`,
      });
    }
    const inS3 = props.model.tasks.length > INLINE_DEFINITION_MAX_TASKS || partitioned.children.length > 0;
    const deadLetters = (scope: Construct, child: boolean) => new DeadLetterRouter(scope, props.model.name, this.deadLetterQueue, child);
    const kindResources = new TaskResources(this, 'TaskResources', { model: props.model, resultStore: this.resultStore, logRetention: retention });
    const context = (scope: Construct, child = false) => ({
      construct: scope, model: props.model, functionFor: (taskId: string) => fnByTask.get(taskId)!,
      deadLetters: deadLetters(scope, child), taskById: this.plan.taskById, executionTimeoutSeconds: timeoutSeconds, insideChild: child, kindResources,
    });
    const machine = (id: string, chain: sfn.IChainable, comment?: string): sfn.StateMachine => {
      const body = inS3 ? new AssetChainDefinitionBody(chain) : sfn.DefinitionBody.fromChainable(chain);
      const sm = new sfn.StateMachine(this, id, {
        definitionBody: body,
        stateMachineType: sfn.StateMachineType.STANDARD,
        tracingEnabled: true,
        timeout: Duration.seconds(timeoutSeconds),
        comment,
        logs: { destination: this.stateMachineLogGroup, level: props.logLevel ?? sfn.LogLevel.ERROR, includeExecutionData: props.includeExecutionData ?? false },
      });
      if (body instanceof AssetChainDefinitionBody) {
        body.applySubstitutions(sm);
        this.assetBodies.set(sm, body);
      }
      return sm;
    };
    // By index (plan order), whatever order they are built in (a nested child is built before its parent).
    const childMachines: sfn.StateMachine[] = [];
    // A child may start children of its own (a machine with too many child steps is split too).
    const children = (node: ChildNode, external: readonly string[], outputIds: readonly string[]): sfn.StateMachine => {
      const scope = idSafeScope(this, `Child${node.index}States`);
      const chain = new StateBuilder(context(scope, true), undefined, children).build({ root: node.root, crossEdges: [] }, external, outputIds);
      const sm = machine(`Child${node.index}StateMachine`, chain, `dagstep ${props.model.name}: part ${node.index} of a partitioned workflow`);
      childMachines[node.index - 1] = sm;
      return sm;
    };
    const states = idSafeScope(this, 'States');
    const definition = new StateBuilder(context(states),
      this.coordinationTable ? new CrossEdgeRenderer(states, this.coordinationTable.tableName, crossWaitTimeoutSeconds(this.plan)) : undefined, children)
      .build({ root: partitioned.root, crossEdges: this.plan.plan.crossEdges }, undefined,
        partitioned.children.length > 0 ? finalTasks(this.plan) : undefined);
    this.concurrency = props.model.concurrency ? new ConcurrencyLimit(this, 'Concurrency', {
      workflowName: props.model.name, concurrency: props.model.concurrency, deadLetterQueue: this.deadLetterQueue, removalPolicy, logRetention: retention,
    }) : undefined;
    this.stateMachine = machine('StateMachine', this.concurrency ? this.concurrency.wrap(states, definition) : definition, props.model.description);
    this.childStateMachines = childMachines;
    if (props.discovery ?? true) {
      this.discovery = new WorkflowDiscovery(this, 'Discovery', { workflowName: props.model.name, stateMachine: this.stateMachine,
        deadLetterQueue: this.deadLetterQueue, maxExecutions: props.model.concurrency?.maxExecutions });
    }
    this.deadLetterGuard = new DeadLetterGuard(this, 'DeadLetterGuard', {
      workflowName: props.model.name, stateMachine: this.stateMachine, childStateMachines: childMachines,
      deadLetterQueue: this.deadLetterQueue, stateMachineLogGroup: this.stateMachineLogGroup, logRetention: retention, removalPolicy,
    });
    acknowledgeWorkflowFindings({
      deadLetterQueue: this.deadLetterQueue,
      functionRoles: this.functions.map((f) => f.role),
      stateMachines: [this.stateMachine, ...this.childStateMachines],
      callbacks: this.coordinationTable !== undefined,
      children: this.childStateMachines,
      logsAllEvents: props.logLevel === sfn.LogLevel.ALL,
    });
    acknowledgeKindFindings([this.stateMachine, ...this.childStateMachines]);
    if (props.observability ?? true) {
      this.observability = new WorkflowObservability(this, 'Observability', {
        workflowName: props.model.name,
        stateMachine: this.stateMachine,
        functions: this.functions,
        taskIds: props.model.tasks.map((t) => t.id),
        integrations: integrationTasks(props.model),
        deadLetterQueue: this.deadLetterQueue,
        logGroups: [...this.functions.map((f) => f.logGroup), this.stateMachineLogGroup],
        slo: props.model.slo,
        alarmTopic: props.alarmTopic,
        alarmEmail: props.alarmEmail,
        thresholds: props.thresholds,
      });
    }
    ({ alias: this.alias, triggers: this.triggers } = goLive(this, {
      model: props.model, stateMachine: this.stateMachine, stateMachineLogs: this.stateMachineLogGroup,
      observability: this.observability, concurrency: this.concurrency, removalPolicy,
    }));
    grantHttpEndpoints(this, props.model, [this.stateMachine, ...this.childStateMachines], this.alias);
    if (this.coordinationTable) {
      this.coordinationTable.grant(this.stateMachine, 'dynamodb:UpdateItem', 'dynamodb:GetItem');
      grantResumeOwnExecutions(this, this.stateMachine);
    }
  }

  /**
   * The definition a state machine of this workflow gets, with CloudFormation references rendered
   * as `${LogicalId.Arn}` / `${LogicalId}` placeholders (inline and S3-asset definitions alike).
   */
  public renderedDefinition(machine: sfn.StateMachine): Record<string, unknown> {
    const asset = this.assetBodies.get(machine);
    if (asset) return renderResolvedJson(asset.resolvedDefinition) as Record<string, unknown>;
    const cfn = machine.node.defaultChild as sfn.CfnStateMachine;
    return JSON.parse(renderReferences(Stack.of(this), cfn.definitionString));
  }
}
