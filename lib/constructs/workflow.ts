import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LayoutMode, WorkflowModel } from '../model/types';
import { DEFAULT_MAX_TASKS_PER_STATE_MACHINE, WorkflowPlan } from '../compile/plan-workflow';
import { INLINE_DEFINITION_MAX_TASKS, Machines } from '../compile/machines';
import { DeadLetterGuard } from './dead-letter-guard';
import type { TaskFunction } from './functions';
import { acknowledgeWorkflowFindings } from './security';
import { Thresholds, WorkflowObservability } from './observability';
import { guardSignal } from './observability/guard-signals';
import { grantResumeOwnExecutions } from './callbacks';
import { WorkflowDiscovery } from './discovery';
import type { ConcurrencyLimit } from './concurrency';
import type { LiveAlias } from './deployment';
import { goLive } from './go-live';
import type { WorkflowTriggers } from './triggers';
import { acknowledgeKindFindings } from './private/kind-findings';
import { buildWorkflowParts } from './private/workflow-parts';
import type { ResultStore } from './result-store';
import { grantHttpEndpoints, integrationTasks } from './task-resources';

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

export { DEFAULT_MAX_TASKS_PER_STATE_MACHINE, INLINE_DEFINITION_MAX_TASKS };

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

  private readonly machines: Machines;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.model = props.model;
    // Storage, functions and machines: what the definitions name.
    const parts = buildWorkflowParts(this, props);
    ({ plan: this.plan, deadLetterQueue: this.deadLetterQueue, idempotencyTable: this.idempotencyTable, resultStore: this.resultStore,
      functions: this.functions, coordinationTable: this.coordinationTable, stateMachineLogGroup: this.stateMachineLogGroup,
      concurrency: this.concurrency, machines: this.machines } = parts);
    this.stateMachine = this.machines.main;
    this.childStateMachines = this.machines.children;
    const { retention, removalPolicy, timeoutSeconds } = parts;
    // The concurrency gate writes its skip record to the dead-letter queue from the definition (the
    // grant no longer comes with required letters, which the guard sends now).
    if (this.concurrency) this.deadLetterQueue.grant(this.stateMachine, 'sqs:SendMessage');

    // Operations: discovery, the dead-letter guard, findings, observability, the live alias and triggers.
    if (props.discovery ?? true) {
      this.discovery = new WorkflowDiscovery(this, 'Discovery', { workflowName: props.model.name, stateMachine: this.stateMachine,
        deadLetterQueue: this.deadLetterQueue, maxExecutions: props.model.concurrency?.maxExecutions });
    }
    this.deadLetterGuard = new DeadLetterGuard(this, 'DeadLetterGuard', {
      workflowName: props.model.name, stateMachine: this.stateMachine, childStateMachines: this.childStateMachines,
      deadLetterQueue: this.deadLetterQueue, stateMachineLogGroup: this.stateMachineLogGroup, logRetention: retention, removalPolicy,
      executionTimeoutSeconds: timeoutSeconds,
    });
    this.acknowledgeFindings(props);
    if (props.observability ?? true) this.observability = this.createObservability(props);
    ({ alias: this.alias, triggers: this.triggers } = goLive(this, {
      model: props.model, stateMachine: this.stateMachine, stateMachineLogs: this.stateMachineLogGroup,
      observability: this.observability, concurrency: this.concurrency, removalPolicy, logRetention: retention,
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
    return this.machines.definitionOf(machine);
  }

  private acknowledgeFindings(props: WorkflowProps): void {
    const machines = [this.stateMachine, ...this.childStateMachines];
    acknowledgeWorkflowFindings({
      deadLetterQueue: this.deadLetterQueue,
      functionRoles: this.functions.map((f) => f.role),
      stateMachines: machines,
      callbacks: this.coordinationTable !== undefined,
      children: this.childStateMachines,
      logsAllEvents: props.logLevel === sfn.LogLevel.ALL,
    });
    acknowledgeKindFindings(machines);
  }

  private createObservability(props: WorkflowProps): WorkflowObservability {
    const observability = new WorkflowObservability(this, 'Observability', {
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
    observability.addSignals([guardSignal(observability.context, {
      guardFunction: this.deadLetterGuard.function, sweepFunction: this.deadLetterGuard.sweepFunction,
        eventDeadLetterQueue: this.deadLetterGuard.eventDeadLetterQueue,
    })]);
    return observability;
  }
}
