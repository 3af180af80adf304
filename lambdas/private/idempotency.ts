import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { TaskEvent } from '../types';
import { ENV } from '../../lib/model/contract';

/** What makes two attempts "the same work": execution, task and what it computes from — never the attempt. */
export const IDEMPOTENCY_KEY_PATH = '[context.executionId, context.taskId, input, results, item]';

/** How long a stored result answers retries: one day covers every built-in retry policy. */
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;

/** Env var the Workflow construct sets on the functions of idempotent tasks. */
export const IDEMPOTENCY_TABLE_ENV = ENV.idempotencyTable;

type Handler<I, O> = (event: TaskEvent<I>, context: Context) => Promise<O>;

/**
 * The persistence layer for a task, or undefined when the task is not idempotent. A DynamoDB
 * client is created only when the table variable is set (Powertools' layer lazily loads the SDK).
 */
export function idempotencyStore(taskId: string, asked: boolean | undefined, store: BasePersistenceLayer | undefined): BasePersistenceLayer | undefined {
  const table = process.env[IDEMPOTENCY_TABLE_ENV];
  if (asked === false) return undefined;
  if (store) return store;
  if (!table) {
    if (asked) console.warn(`dagstep: task "${taskId}" asks for idempotency but ${IDEMPOTENCY_TABLE_ENV} is not set; running without it`);
    return undefined;
  }
  // Loaded here so that functions of non-idempotent tasks never load the DynamoDB client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DynamoDBPersistenceLayer } = require('@aws-lambda-powertools/idempotency/dynamodb') as typeof import('@aws-lambda-powertools/idempotency/dynamodb');
  return new DynamoDBPersistenceLayer({ tableName: table });
}

/**
 * Powertools idempotency around a task: the first attempt of a piece of work stores its result;
 * a retry of the same work (same key) returns it without running `fn` again.
 */
export function idempotent<I, O>(fn: Handler<I, O>, store: BasePersistenceLayer): Handler<I, O> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeIdempotent, IdempotencyConfig } = require('@aws-lambda-powertools/idempotency') as typeof import('@aws-lambda-powertools/idempotency');
  const config = new IdempotencyConfig({ eventKeyJmesPath: IDEMPOTENCY_KEY_PATH, throwOnNoIdempotencyKey: true, expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS });
  const wrapped = makeIdempotent(fn, { persistenceStore: store, config });
  return async (event, context) => {
    if (typeof context?.getRemainingTimeInMillis === 'function') config.registerLambdaContext(context);
    return wrapped(event, context) as Promise<O>;
  };
}
