import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STARTER_ENV } from '../model/contract';
import { packagedLambda } from './functions';
import { serviceFunction } from './private/service-function';

/** The starter function's source. */
export const STARTER_HANDLER = packagedLambda('execution-starter');
/** Lambda's asynchronous retries of a failed start (its maximum). */
export const STARTER_ASYNC_RETRIES = 2;
/** How long Lambda keeps a start it could not run yet (its maximum, 6 hours). */
export const STARTER_MAX_EVENT_AGE = Duration.hours(6);

/** Props of an {@link ExecutionStarter}. */
export interface ExecutionStarterProps {
  readonly workflowName: string;
  /** What it starts: the `live` alias (StartExecution is granted on it only). */
  readonly target: sfn.IStateMachine;
  /** Where an asynchronous start goes after Lambda's retries. */
  readonly startFailures: sqs.IQueue;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The function that starts the workflow for the schedule and the triggers with a deterministic
 * execution name (lambdas/execution-starter.ts).
 *
 * How its callers see failures: EventBridge Scheduler ("Using Lambda with Amazon EventBridge
 * Scheduler", Lambda Developer Guide) and EventBridge rules ("Using AWS Lambda with Amazon
 * EventBridge": "invokes your function asynchronously") invoke it asynchronously, so for them a
 * delivery succeeds once Lambda has queued the event, and their own retry policy and DLQ cover only
 * a failed Invoke. A start the function itself fails is retried by Lambda ("How Lambda handles
 * errors and retries with asynchronous invocation": by default twice more, throttles and system
 * errors for up to 6 hours) and then sent to the on-failure destination, here the same
 * StartFailures queue ("Capturing records of Lambda asynchronous invocations"; a record that
 * cannot be sent counts in DestinationDeliveryFailures, which the trigger signals alarm on). The
 * SQS trigger's Pipe invokes it synchronously: a thrown error fails the batch, and SQS redelivers
 * it until the source queue's maxReceiveCount moves it to that queue's dead-letter queue
 * ("Amazon EventBridge Pipes error handling and troubleshooting").
 */
export class ExecutionStarter extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ExecutionStarterProps) {
    super(scope, id);
    const { fn, role } = serviceFunction(this, 'Function', {
      workflowName: props.workflowName,
      entry: 'execution-starter',
      description: 'starts the workflow for its schedule and triggers, one named execution per slot, event or message',
      timeout: Duration.seconds(30),
      environment: { [STARTER_ENV.target]: props.target.stateMachineArn },
      logRetention: props.logRetention,
      // No X-Ray: its grant would be the role's only wildcard; the starter logs every start instead.
      tracing: false,
      retryAttempts: STARTER_ASYNC_RETRIES,
      maxEventAge: STARTER_MAX_EVENT_AGE,
      onFailure: new destinations.SqsDestination(props.startFailures),
    });
    // Least privilege: start the alias, nothing else (the on-failure grant is SendMessage on StartFailures).
    props.target.grantStartExecution(role);
    this.function = fn;
    this.role = role;
  }
}
