import { StatesError, UnsupportedError } from './errors';
import { describeMapRun } from './map-runs';

/** How the engine calls a Lambda function (the CLI passes one that runs the real handler). */
export type LambdaInvoker = (req: {
  functionName: string;
  payload: unknown;
  stateName: string;
  attempt: number;
  itemIndex?: number;
  timeoutSeconds?: number;
}) => Promise<{ payload: unknown; durationSeconds?: number; logs?: string[] }>;

/** A message captured by the local SQS integration (the workflow's DLQ). */
export interface CapturedMessage {
  readonly queueUrl: string;
  readonly body: unknown;
  readonly stateName: string;
}

/** What integrations can use from the running execution. */
export interface Services {
  readonly invokeLambda: LambdaInvoker;
  readonly messages: CapturedMessage[];
  readonly tables: Map<string, Map<string, Record<string, unknown>>>;
  readonly resolveToken: (token: string, outcome: { output?: unknown; error?: string; cause?: string }) => void;
  readonly runChild: (arn: string, input: unknown, stateName: string,
    name?: string) => Promise<{ status: string; output?: unknown; error?: string; cause?: string; executionArn: string }>;
  /** RedriveExecution of a child execution this execution started. */
  readonly redriveChild: (arn: string) => Promise<unknown>;
  /** DescribeExecution of a child execution this execution started. */
  readonly describeChild: (arn: string) => unknown;
  readonly newId: () => string;
}

/** One Task state call. */
export interface TaskCall {
  readonly stateName: string;
  readonly resource: string;
  readonly params: unknown;
  readonly attempt: number;
  readonly itemIndex?: number;
  readonly timeoutSeconds?: number;
}

/** The result of a call: its output, how long it took (simulated), and whether it waits for a task token. */
export interface CallResult {
  readonly output: unknown;
  readonly durationSeconds: number;
  /** Log and metric lines the handler wrote. */
  readonly logs?: string[];
  readonly waitForToken?: boolean;
}

/** `arn:aws:states:::x` (any partition, including the `${AWS::Partition}` placeholder) → `x`. */
function serviceOf(resource: string): string | undefined {
  const m = /^arn:(?:\$\{AWS::Partition\}|[^:]+):states:::(.+)$/.exec(resource);
  return m?.[1];
}

/**
 * Calls the resource of a Task state: Lambda (direct ARN or lambda:invoke), SQS sendMessage,
 * DynamoDB get/put/updateItem (AWS SDK integration, with .waitForTaskToken), Step Functions
 * sendTaskSuccess/Failure, describeMapRun (of a local Distributed Map), and startExecution.sync:2 of a child machine. Anything else fails
 * loudly, naming the state.
 */
export async function callResource(call: TaskCall, s: Services): Promise<CallResult> {
  const service = serviceOf(call.resource);
  if (service === undefined) {
    if (/^arn:[^:]+:lambda:/.test(call.resource) || /^\$\{[^}]+\}$/.test(call.resource)) {
      const r = await s.invokeLambda({ functionName: call.resource, payload: call.params, stateName: call.stateName, attempt: call.attempt,
        itemIndex: call.itemIndex, timeoutSeconds: call.timeoutSeconds });
      return { output: r.payload, durationSeconds: r.durationSeconds ?? 0, logs: r.logs };
    }
    throw new UnsupportedError(call.stateName, `Resource ${call.resource}`);
  }
  const [base, pattern] = splitPattern(service);
  const p = (call.params ?? {}) as Record<string, unknown>;
  let result: CallResult;
  switch (base) {
    case 'lambda:invoke': {
      const r = await s.invokeLambda({ functionName: String(p.FunctionName), payload: lambdaPayload(p.Payload), stateName: call.stateName,
        attempt: call.attempt, itemIndex: call.itemIndex, timeoutSeconds: call.timeoutSeconds });
      result = { output: { ExecutedVersion: '$LATEST', Payload: r.payload, StatusCode: 200 }, durationSeconds: r.durationSeconds ?? 0, logs: r.logs };
      break;
    }
    case 'sqs:sendMessage': {
      let body = p.MessageBody;
      if (typeof body === 'string') { try { body = JSON.parse(body); } catch { /* keep the string */ } }
      s.messages.push({ queueUrl: String(p.QueueUrl), body, stateName: call.stateName });
      result = { output: { MessageId: s.newId(), MD5OfMessageBody: '' }, durationSeconds: 0 };
      break;
    }
    case 'aws-sdk:dynamodb:updateItem':
    case 'aws-sdk:dynamodb:getItem':
    case 'aws-sdk:dynamodb:putItem':
      result = { output: dynamo(base.split(':')[2], p, s, call.stateName), durationSeconds: 0 };
      break;
    case 'aws-sdk:sfn:describeMapRun': {
      const run = describeMapRun(String(p.MapRunArn));
      if (!run) throw new StatesError('Sfn.ResourceNotFoundException', `Map Run ${String(p.MapRunArn)} does not exist`);
      result = { output: run, durationSeconds: 0 };
      break;
    }
    case 'aws-sdk:sfn:sendTaskSuccess':
      s.resolveToken(String(p.TaskToken), { output: JSON.parse(String(p.Output)) });
      result = { output: {}, durationSeconds: 0 };
      break;
    case 'aws-sdk:sfn:sendTaskFailure':
      s.resolveToken(String(p.TaskToken), { error: typeof p.Error === 'string' ? p.Error : 'States.TaskFailed', cause: typeof p.Cause === 'string' ? p.Cause : '' });
      result = { output: {}, durationSeconds: 0 };
      break;
    case 'aws-sdk:sfn:redriveExecution':
      result = { output: await s.redriveChild(String(p.ExecutionArn)), durationSeconds: 0 };
      break;
    case 'aws-sdk:sfn:describeExecution':
      result = { output: s.describeChild(String(p.ExecutionArn)), durationSeconds: 0 };
      break;
    case 'states:startExecution': {
      if (pattern !== 'sync:2' && pattern !== 'sync') throw new UnsupportedError(call.stateName, `startExecution without .sync (${call.resource})`);
      const child = await s.runChild(String(p.StateMachineArn), p.Input, call.stateName, typeof p.Name === 'string' ? p.Name : undefined);
      if (child.status !== 'SUCCEEDED') {
        throw new StatesError('States.TaskFailed', JSON.stringify({ ExecutionArn: child.executionArn, Status: child.status, Error: child.error, Cause: child.cause }));
      }
      result = { output: { ExecutionArn: child.executionArn, Status: 'SUCCEEDED', Output: pattern === 'sync:2' ? child.output : JSON.stringify(child.output) }, durationSeconds: 0 };
      break;
    }
    default:
      throw new UnsupportedError(call.stateName, `Resource ${call.resource}`);
  }
  if (pattern === 'waitForTaskToken') return { ...result, waitForToken: true };
  if (pattern !== undefined && base !== 'states:startExecution') throw new UnsupportedError(call.stateName, `integration pattern .${pattern} of ${base}`);
  return result;
}

/** lambda:invoke's Payload: a string holding JSON text is sent as that JSON, as Step Functions does. */
export function lambdaPayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

function splitPattern(service: string): [string, string | undefined] {
  const m = /^(.*?)\.(waitForTaskToken|sync:2|sync)$/.exec(service);
  return m ? [m[1], m[2]] : [service, undefined];
}

type Attr = Record<string, unknown>;

/** An in-memory DynamoDB table: enough of get/put/updateItem for the callback pattern. */
function dynamo(op: string, p: Record<string, unknown>, s: Services, state: string): unknown {
  const tableName = String(p.TableName);
  if (!s.tables.has(tableName)) s.tables.set(tableName, new Map());
  const table = s.tables.get(tableName)!;
  const key = JSON.stringify(p.Key);
  const old = table.get(key);
  const names = (p.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (p.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const name = (n: string) => names[n] ?? n;
  if (op === 'getItem') return old ? { Item: old } : {};
  if (p.ConditionExpression !== undefined && !condition(stringParam(p.ConditionExpression), old, name)) {
    throw new StatesError('DynamoDb.ConditionalCheckFailedException', `The conditional request failed (${state})`);
  }
  let next: Attr;
  if (op === 'putItem') {
    next = { ...(p.Item as Attr) };
  } else {
    next = { ...(old ?? {}), ...(p.Key as Attr) };
    const expr = stringParam(p.UpdateExpression ?? '');
    const m = /^\s*SET\s+(.+)$/i.exec(expr);
    if (!m) throw new UnsupportedError(state, `UpdateExpression "${expr}" (only SET a = :v, ...)`);
    for (const part of m[1].split(',')) {
      const [lhs, rhs] = part.split('=').map((x) => x.trim());
      if (!(rhs in values)) throw new UnsupportedError(state, `UpdateExpression value ${rhs}`);
      next[name(lhs)] = values[rhs];
    }
  }
  table.set(key, next);
  const rv = stringParam(p.ReturnValues ?? 'NONE');
  return rv === 'ALL_OLD' ? (old ? { Attributes: old } : {}) : rv === 'ALL_NEW' ? { Attributes: next } : {};
}

function condition(expr: string, item: Attr | undefined, name: (n: string) => string): boolean {
  const m = /^\s*(attribute_not_exists|attribute_exists)\(\s*([#\w]+)\s*\)\s*$/.exec(expr);
  if (!m) throw new StatesError('States.Runtime', `ConditionExpression "${expr}" is not supported by the dagstep local engine`);
  const has = item !== undefined && name(m[2]) in item;
  return m[1] === 'attribute_exists' ? has : !has;
}

/** A request parameter that must be a string (an expression, an enum value), as the SDK validates it. */
function stringParam(v: unknown): string {
  if (typeof v !== 'string') throw new StatesError('DynamoDb.ValidationException', `expected a string parameter, received ${JSON.stringify(v)}`);
  return v;
}
