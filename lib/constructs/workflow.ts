import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LayoutMode, WorkflowModel } from '../model/types';
import { planWorkflow, WorkflowPlan } from '../compile/compile';
import { CrossEdgeRenderer } from '../compile/cross-edges';
import { DeadLetterRouter } from '../compile/dead-letter';
import { StateBuilder } from '../compile/state-builder';
import { defaultStateMachineTimeoutSeconds } from '../compile/worst-case';
import { createTaskFunctions, TaskFunction } from './functions';

/** Props of a {@link Workflow}. */
export interface WorkflowProps {
  /** The workflow model, from the DSL or a spec file. */
  readonly model: WorkflowModel;
  /**
   * How the DAG is laid out into Parallel states.
   * @default - the model's `layout`, else 'sp'
   */
  readonly layout?: LayoutMode;
  /**
   * How long one execution may run before Step Functions stops it.
   * @default - the model's `timeoutSeconds`, else the worst-case critical path including retries, plus 10 %
   */
  readonly timeout?: Duration;
  /**
   * Lambda runtime of the task functions.
   * @default lambda.Runtime.NODEJS_22_X
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
}

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
  /** Present when a task is `idempotent`. */
  public readonly idempotencyTable?: dynamodb.Table;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.model = props.model;
    this.plan = planWorkflow(props.model, props.layout);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });

    if (props.model.tasks.some((t) => t.idempotent)) {
      this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
        partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: 'expiration',
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy,
      });
    }

    this.functions = createTaskFunctions(this, {
      model: props.model,
      tasks: props.model.tasks,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_22_X,
      memorySize: props.memorySize ?? 256,
      logRetention: retention,
      environment: {},
      idempotencyEnvironment: this.idempotencyTable
        ? { DAGSTEP_IDEMPOTENCY_TABLE: this.idempotencyTable.tableName } : undefined,
    });
    const fnByTask = new Map<string, lambda.IFunction>();
    for (const f of this.functions) {
      for (const t of f.taskIds) fnByTask.set(t, f.fn);
      if (this.idempotencyTable && f.taskIds.some((t) => this.plan.taskById.get(t)!.idempotent)) {
        this.idempotencyTable.grantReadWriteData(f.fn);
      }
    }

    if (this.plan.plan.crossEdges.length > 0) {
      this.coordinationTable = new dynamodb.Table(this, 'CoordinationTable', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }

    const states = new Construct(this, 'States');
    const definition = new StateBuilder({
      construct: states,
      model: props.model,
      functionFor: (taskId) => fnByTask.get(taskId)!,
      deadLetters: new DeadLetterRouter(states, props.model.name, this.deadLetterQueue),
      taskById: this.plan.taskById,
    }, this.coordinationTable ? new CrossEdgeRenderer(states, this.coordinationTable.tableName) : undefined)
      .build(this.plan.plan);

    this.stateMachineLogGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const timeoutSeconds = props.timeout?.toSeconds() ?? props.model.timeoutSeconds
      ?? defaultStateMachineTimeoutSeconds(this.plan);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      timeout: Duration.seconds(timeoutSeconds),
      comment: props.model.description,
      logs: { destination: this.stateMachineLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    if (this.coordinationTable) {
      this.coordinationTable.grant(this.stateMachine, 'dynamodb:UpdateItem', 'dynamodb:GetItem');
      // The waiting branch is resumed by the machine itself; its own ARN would be a dependency cycle.
      this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [Stack.of(this).formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }));
    }
  }
}
