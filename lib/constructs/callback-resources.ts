import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ApprovalTopic } from '../compile/task-kinds/kind-resources';
import { CALLBACK_ENV, CALLBACK_TTL_ATTRIBUTE } from '../model/contract';
import type { TaskModel, WorkflowModel } from '../model/types';
import { bookkeepingTable } from './private/tables';
import { serviceFunction } from './private/service-function';
import { acknowledge } from './security';

/** Props of {@link CallbackResources}. */
export interface CallbackResourcesProps {
  readonly model: WorkflowModel;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN (the undeliverable-events queue) */
  readonly removalPolicy?: RemovalPolicy;
}

/** The last field of a correlation path: `$.input.order.id` → `$.detail.id`. */
export function defaultEventCorrelation(correlation: string): string {
  return `$.detail.${correlation.split('.').pop()}`;
}

/**
 * The rule target's input: `{taskId, eventCorrelation, event}`, the whole event through the input
 * transformer's predefined `aws.events.event.json` (the full event, as JSON; usable only as a JSON
 * value: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
class WaitedEventInput extends events.RuleTargetInput {
  constructor(private readonly taskId: string, private readonly eventCorrelation: string) {
    super();
  }

  bind(): events.RuleTargetInputProperties {
    return { inputTemplate: `{"taskId":${JSON.stringify(this.taskId)},"eventCorrelation":${JSON.stringify(this.eventCorrelation)},"event":<aws.events.event.json>}` };
  }
}

/**
 * What `waitFor` and `approval` tasks run on, made on first use:
 * - waitFor: one token table (TTL), the await function (stores a token, resumes with an early
 *   event), the resume function, and one EventBridge rule per task on its pattern, whose
 *   undeliverable events land in their own queue;
 * - approval: the `notify` topic, imported by ARN, or for an e-mail address a new topic encrypted
 *   with its own KMS key (rotation on), TLS only, with that subscription;
 * - after the state machines exist ({@link bind}): the grant to resume their tasks, and the
 *   approver policy (`ApproverPolicy`) to attach to the people who run `dagstep approve|reject`.
 */
export class CallbackResources extends Construct {
  public table?: dynamodb.Table;
  public awaitFunction?: lambda.Function;
  public resumeFunction?: lambda.Function;
  public eventDeadLetterQueue?: sqs.Queue;
  /** Present after bind() when the workflow has an approval task. */
  public approverPolicy?: iam.ManagedPolicy;
  private readonly roles: iam.IRole[] = [];
  private readonly rules = new Map<string, events.Rule>();
  private readonly topics = new Map<string, ApprovalTopic>();

  constructor(scope: Construct, id: string, private readonly props: CallbackResourcesProps) {
    super(scope, id);
  }

  /**
   * The function a waitFor task invokes: its published version (`currentVersion`, retained), so a
   * state machine version pins the await code it runs, as it pins the tasks' own functions.
   */
  waitForFunction(task: TaskModel): lambda.IFunction {
    const fn = this.functions();
    if (!this.rules.has(task.id)) this.rules.set(task.id, this.rule(task));
    return fn.currentVersion;
  }

  approvalTopic(task: TaskModel): ApprovalTopic {
    const hit = this.topics.get(task.id);
    if (hit) return hit;
    const a = task.approval!;
    let out: ApprovalTopic;
    if (a.notify.startsWith('arn:')) {
      out = { topicArn: a.notify, keyArn: a.kmsKeyArn };
    } else {
      const key = new kms.Key(this, `${task.id}ApprovalKey`, {
        enableKeyRotation: true, description: `dagstep ${this.props.model.name}: approval notifications of ${task.id}`,
      });
      const topic = new sns.Topic(this, `${task.id}ApprovalTopic`, { masterKey: key, enforceSSL: true, displayName: `dagstep ${this.props.model.name} approvals` });
      topic.addSubscription(new subscriptions.EmailSubscription(a.notify));
      out = { topicArn: topic.topicArn, keyArn: key.keyArn };
    }
    this.topics.set(task.id, out);
    return out;
  }

  /**
   * Grants, once the state machines exist: the callback functions may resume their tasks, and
   * the approver policy may read their executions' history (where the approval's token is) and
   * decide. Separate policies, as in callbacks.ts: the machines depend on the functions, so the
   * functions' own default policies cannot name the machines.
   */
  bind(machines: readonly sfn.StateMachine[]): void {
    const arns = machines.map((m) => m.stateMachineArn);
    if (this.roles.length > 0) {
      const policy = new iam.Policy(this, 'ResumePolicy', {
        statements: [new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: arns })],
      });
      for (const r of this.roles) policy.attachToRole(r);
    }
    if (this.topics.size > 0) {
      const executions = machines.map((m) => Stack.of(this).formatArn({
        service: 'states', resource: 'execution', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `${m.stateMachineName}:*`,
      }));
      this.approverPolicy = new iam.ManagedPolicy(this, 'ApproverPolicy', {
        description: `dagstep ${this.props.model.name}: decide approval tasks (dagstep approve|reject)`,
        statements: [
          new iam.PolicyStatement({ actions: ['states:GetExecutionHistory', 'states:DescribeExecution'], resources: executions }),
          new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: arns }),
        ],
      });
      acknowledge(this.approverPolicy, [{
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:*]',
        reason: 'Only the executions of this workflow\'s state machines (named at run time): an approver reads the history to find the waiting task.',
      }]);
    }
  }

  private functions(): lambda.Function {
    if (this.awaitFunction) return this.awaitFunction;
    const name = this.props.model.name;
    this.table = bookkeepingTable(this, 'TokenTable', { timeToLiveAttribute: CALLBACK_TTL_ATTRIBUTE });
    const environment = { [CALLBACK_ENV.tokenTable]: this.table.tableName };
    const made = (id: string, entry: string, description: string) => {
      const { fn, role } = serviceFunction(this, id, { workflowName: name, entry, description, environment, logRetention: this.props.logRetention,
        timeout: Duration.seconds(30) });
      this.roles.push(role);
      return { fn, role };
    };
    const awaiting = made('AwaitFunction', 'callbacks/await', 'stores the task token of a waitFor task by its correlation value');
    this.table.grant(awaiting.role, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    const resuming = made('ResumeFunction', 'callbacks/resume', 'resumes the waitFor task an event is for (SendTaskSuccess)');
    this.table.grant(resuming.role, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    this.eventDeadLetterQueue = new sqs.Queue(this, 'EventDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14),
      removalPolicy: this.props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledge(this.eventDeadLetterQueue, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the waited-for events.' }]);
    this.awaitFunction = awaiting.fn;
    this.resumeFunction = resuming.fn;
    return awaiting.fn;
  }

  private rule(task: TaskModel): events.Rule {
    const w = task.waitFor!;
    const rule = new events.Rule(this, `${task.id}EventRule`, {
      description: `dagstep ${this.props.model.name}: resumes "${task.id}" (waitFor ${w.event.source} / ${w.event.detailType})`.slice(0, 512),
      eventPattern: { source: [w.event.source], detailType: [w.event.detailType], ...(w.event.detail ? { detail: { ...w.event.detail } } : {}) },
    });
    rule.addTarget(new targets.LambdaFunction(this.resumeFunction!, {
      event: new WaitedEventInput(task.id, w.eventCorrelation ?? defaultEventCorrelation(w.correlation)),
      retryAttempts: 185, maxEventAge: Duration.hours(24), deadLetterQueue: this.eventDeadLetterQueue,
    }));
    return rule;
  }
}
