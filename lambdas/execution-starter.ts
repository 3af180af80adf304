import { Logger } from '@aws-lambda-powertools/logger';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ENV, STARTER_ENV } from '../lib/model/contract';
import { executionStartOf, type SqsRecordLike, type StartRequest } from '../lib/model/execution-names';

export type { SqsRecordLike, StartRequest } from '../lib/model/execution-names';

/** What the starter did with one request. */
export interface StartOutcome {
  readonly name: string;
  /** `started`: StartExecution returned (a new execution, or the same open one with the same input). */
  readonly outcome: 'started' | 'duplicate';
  readonly executionArn?: string;
}

/** The starter's clients. */
export interface StarterClients {
  readonly sfn: SFNClient;
  readonly logger: Logger;
}

let clients: StarterClients | undefined;

/**
 * The execution starter: the schedule, the event-pattern and S3 rules (invoked asynchronously:
 * EventBridge Scheduler and EventBridge both deliver at least once) and the SQS trigger's Pipe
 * (invoked synchronously) call it instead of starting the `live` alias themselves, because only a
 * caller of StartExecution can name the execution, and a name is what makes a second delivery of
 * the same start harmless (lib/model/execution-names.ts).
 *
 * AWS Step Functions API Reference, "StartExecution": with a name already used, the same input
 * while that execution is open returns its response again; a closed execution or a different
 * input gives `ExecutionAlreadyExists` and nothing runs; a name may be used again after 90 days.
 * So `ExecutionAlreadyExists` means this unit of work was started already: a success, logged as a
 * duplicate. Any other error is thrown, so the caller retries and finally dead-letters the start:
 * Lambda's asynchronous retries then its on-failure destination (the StartFailures queue) for the
 * schedule and the rules, the source queue's redrive policy for the Pipe.
 */
export async function handler(event: StartRequest | readonly SqsRecordLike[]): Promise<StartOutcome> {
  clients ??= { sfn: new SFNClient({}), logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dagstep' }) };
  return start(event, clients, requiredEnv(STARTER_ENV.target), requiredEnv(ENV.workflow));
}

/** One start, with its clients, target (the alias ARN) and workflow name given. */
export async function start(event: StartRequest | readonly SqsRecordLike[], c: StarterClients, target: string, workflow: string): Promise<StartOutcome> {
  const { name, input } = executionStartOf(workflow, event);
  try {
    const res = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: target, name, input: JSON.stringify(input) }));
    c.logger.info('dagstep: execution started', { workflow, name, executionArn: res.executionArn });
    return { name, outcome: 'started', executionArn: res.executionArn };
  } catch (e) {
    if ((e as Error)?.name !== 'ExecutionAlreadyExists') {
      c.logger.error('dagstep: execution start failed, the caller retries it', { workflow, name, error: (e as Error)?.name, message: (e as Error)?.message });
      throw e;
    }
    c.logger.info('dagstep: duplicate start, the execution exists already', { workflow, name });
    return { name, outcome: 'duplicate' };
  }
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`dagstep execution-starter: ${name} must be set`);
  return v;
}
