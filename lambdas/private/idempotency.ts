import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { TaskEvent } from '../types';
import { ENV } from '../../lib/model/contract';

/**
 * What makes two attempts "the same work": execution, task, Map item index and what it computes
 * from — never the attempt. The item index keeps two Map items with equal values apart (they are
 * two pieces of work; without it the second would wait on, or be answered by, the first).
 */
export const IDEMPOTENCY_KEY_PATH = '[context.executionId, context.taskId, context.itemIndex, input, results, item]';

/**
 * How long a stored result answers retries when the construct does not say: one day. The
 * Workflow construct sets DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS to the execution's timeout plus the
 * 14-day redrive window, so the record outlives every retry and redrive of the execution.
 */
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;

/** The expiry in effect: the construct's DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS, else the default. */
export function idempotencyExpirySeconds(): number {
  const v = Number(process.env[ENV.idempotencyExpirySeconds]);
  return Number.isFinite(v) && v > 0 ? v : IDEMPOTENCY_EXPIRY_SECONDS;
}

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: functions of non-idempotent tasks never load the DynamoDB client
  const { DynamoDBPersistenceLayer } = require('@aws-lambda-powertools/idempotency/dynamodb') as typeof import('@aws-lambda-powertools/idempotency/dynamodb');
  return new DynamoDBPersistenceLayer({ tableName: table });
}

/**
 * Powertools idempotency around a task: the first attempt of a piece of work stores its result;
 * a retry of the same work (same key) returns it without running `fn` again.
 */
export function idempotent<I, O>(fn: Handler<I, O>, store: BasePersistenceLayer): Handler<I, O> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only idempotent tasks load Powertools idempotency
  const { makeIdempotent, IdempotencyConfig } = require('@aws-lambda-powertools/idempotency') as typeof import('@aws-lambda-powertools/idempotency');
  const config = new IdempotencyConfig({ eventKeyJmesPath: IDEMPOTENCY_KEY_PATH, throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: idempotencyExpirySeconds() });
  const wrapped = makeIdempotent(fn, { persistenceStore: store, config });
  return async (event, context) => {
    if (typeof context?.getRemainingTimeInMillis === 'function') config.registerLambdaContext(context);
    return wrapped(event, context);
  };
}

/** The store a local run (`dagstep run` / `simulate`) gives idempotent tasks, and which tasks are. */
export interface LocalIdempotency {
  readonly store: BasePersistenceLayer;
  readonly tasks: ReadonlySet<string>;
}

// A global symbol: handler modules loaded separately from the runner still see the same registry.
// Keyed by workflow name (the event's context.workflow), so overlapping local runs stay apart.
const LOCAL_KEY = Symbol.for('dagstep.localIdempotency');
type Registry = Map<string, { local: LocalIdempotency; runs: number }>;
function registry(): Registry {
  const g = globalThis as { [LOCAL_KEY]?: Registry };
  g[LOCAL_KEY] ??= new Map();
  return g[LOCAL_KEY];
}

/**
 * Installs a local run's idempotency store for a workflow; returns what uninstalls it (runs of the
 * same workflow that overlap share it until the last one ends).
 */
export function registerLocalIdempotency(workflow: string, local: LocalIdempotency): () => void {
  const r = registry();
  const entry = r.get(workflow);
  if (entry) entry.runs++;
  else r.set(workflow, { local, runs: 1 });
  return () => {
    const e = r.get(workflow);
    if (e && --e.runs <= 0) r.delete(workflow);
  };
}

/**
 * `fn` with idempotency: the deployed store when the function has one; otherwise, in a local run,
 * the run's in-memory store for the tasks declared idempotent (decided per invocation, since one
 * handler module serves several tasks locally).
 */
export function withIdempotency<I, O>(taskId: string, fn: Handler<I, O>, asked: boolean | undefined, given: BasePersistenceLayer | undefined): Handler<I, O> {
  const store = idempotencyStore(taskId, asked, given);
  if (store) return idempotent(fn, store);
  const local = new WeakMap<BasePersistenceLayer, Handler<I, O>>();
  return async (event, context) => {
    const l = registry().get(String(event?.context?.workflow))?.local;
    if (!l || asked === false || !l.tasks.has(String(event?.context?.taskId))) return fn(event, context);
    let h = local.get(l.store);
    if (!h) {
      h = idempotent(fn, l.store);
      local.set(l.store, h);
    }
    return h(event, context);
  };
}

/**
 * An in-memory persistence layer with DynamoDB's rules: a record can be put when there is none,
 * when it expired, or when it is in progress past its in-progress expiry.
 */
export class MemoryIdempotencyStore extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const r = this.records.get(key);
    if (!r) throw new IdempotencyItemNotFoundError();
    return r;
  }

  protected async _putRecord(r: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(r.idempotencyKey);
    const inProgressExpired = existing?.getStatus() === 'INPROGRESS' && existing.inProgressExpiryTimestamp !== undefined
      && existing.inProgressExpiryTimestamp < Date.now();
    if (existing && !existing.isExpired() && !inProgressExpired) throw new IdempotencyItemAlreadyExistsError('exists', existing);
    this.records.set(r.idempotencyKey, r);
  }

  protected async _updateRecord(r: IdempotencyRecord): Promise<void> {
    this.records.set(r.idempotencyKey, r);
  }

  protected async _deleteRecord(r: IdempotencyRecord): Promise<void> {
    this.records.delete(r.idempotencyKey);
  }
}
