import { createHash } from 'crypto';

/**
 * The execution names of runs that dagstep starts without a human: one name per unit of work, so
 * that a start delivered twice starts one execution.
 *
 * Why a name makes a repeated start harmless (AWS Step Functions API Reference, "StartExecution",
 * `name`): a name is unique per account, Region and state machine for 90 days. A second
 * StartExecution with the same name while the first execution is open and with the identical
 * input returns the first one's response (idempotent); with a different input, or once the first
 * has closed, it fails with `ExecutionAlreadyExists` and runs nothing. After 90 days the name may
 * be used again. Names here are 1–80 characters of `[A-Za-z0-9_-]`: the API refuses whitespace,
 * brackets, wildcards, `" # % \ ^ | ~ \` $ & , ; : /` and control characters, and CloudWatch
 * Logs logging needs names of 0-9, A-Z, a-z, - and _ only (same page).
 *
 * Each name is `<workflow>-<suffix>`, the workflow's characters outside that set replaced by `-`;
 * when that is too long the workflow part is cut and 8 hex of its SHA-256 are added, so two long
 * workflow names that share their first characters still get different names.
 */

/** Step Functions' longest execution name (StartExecution `name`). */
export const MAX_EXECUTION_NAME_LENGTH = 80;
/** The characters every name here is made of (the API's and CloudWatch Logs' common set). */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** Longest raw id (event id, message id) put in a name as it is; longer or odd ones are hashed. */
const MAX_RAW_ID = 48;

/** ISO 8601 to the second, as EventBridge Scheduler writes a scheduled time: 2026-11-01T00:00:00Z. */
export function isoSecond(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The execution of a time slot: `<workflow>-20261101T000000Z`. The schedule's run of a slot and
 * `dagstep backfill`'s run of it get this same name, so whichever starts second finds the first.
 */
export function slotExecutionName(workflow: string, slot: Date): string {
  return named(workflow, isoSecond(slot).replace(/[-:]/g, ''));
}

/**
 * The execution started by an EventBridge event (an `eventPattern` trigger, or an `s3` event
 * without a sequencer): `<workflow>-ev-<event id>`. A retried or duplicated delivery of the event
 * carries the same event `id`.
 */
export function eventExecutionName(workflow: string, eventId: string): string {
  return named(workflow, `ev-${idPart(eventId)}`);
}

/**
 * The execution started by an S3 "Object Created" event: `<workflow>-s3-<hash of bucket, key and
 * sequencer>`, so one object write names one execution however many events announce it. S3
 * notifications are "designed to be delivered at least once" (Amazon S3 User Guide, "Amazon S3
 * Event Notifications"), and whether S3 sends a repeated notification to EventBridge as the same
 * event (same `id`) or as a new one the documentation does not say; the S3 EventBridge message
 * gives each event "a UUID generated for every event" ("EventBridge message structure"). The
 * object's `sequencer` names the write itself: S3 gives it to the events that create objects to
 * "determine the sequence of events for a given object key", a later write having a greater one
 * ("Event message structure"), so a repeated notification of a write keeps it and a new write of
 * the same key does not. An event without a sequencer is named by its event id (`ev-`).
 */
export function objectExecutionName(workflow: string, bucket: string, key: string, sequencer: string): string {
  return named(workflow, `s3-${sha256(`${bucket}\n${key}\n${sequencer}`).slice(0, 32)}`);
}

/**
 * The execution started by a batch of SQS messages: `<workflow>-sqs-<message id>` for one message,
 * `<workflow>-sqs-<hash of the sorted message ids>` for several. The message id stays the same on
 * every redelivery of a message, so a batch of one always maps to the same name; a larger batch
 * maps to the same name only when it is redelivered with exactly the same messages.
 */
export function messageExecutionName(workflow: string, messageIds: readonly string[]): string {
  const ids = [...messageIds].sort();
  return named(workflow, `sqs-${ids.length === 1 ? idPart(ids[0]) : sha256(ids.join('\n')).slice(0, 32)}`);
}

/** What a schedule or a rule hands the starter: the execution input and what names it. */
export type StartRequest =
  /** A schedule slot: named from `input.logicalDate` (the scheduled time). */
  | { readonly start: 'schedule'; readonly input: Readonly<Record<string, unknown>> }
  /** An EventBridge event: named from its id. */
  | { readonly start: 'event'; readonly eventId: string; readonly input: Readonly<Record<string, unknown>> }
  /**
   * An S3 "Object Created" event: named from the object write (bucket, key, sequencer), from the
   * event id when the event has no sequencer (absent, null or empty as the rule's input gave it).
   */
  | {
    readonly start: 's3'; readonly eventId: string; readonly bucket: string; readonly key: string; readonly sequencer?: string | null;
    readonly input: Readonly<Record<string, unknown>>;
  };

/** One SQS record as an EventBridge Pipe hands it on (the fields the name reads). */
export interface SqsRecordLike {
  readonly messageId: string;
}

/**
 * The name and input of the execution a start request (or a Pipe's batch of SQS records) asks for.
 * A request the starter cannot name is a bug in its trigger: it throws, naming what it received.
 */
export function executionStartOf(workflow: string, request: StartRequest | readonly SqsRecordLike[]): { name: string; input: unknown } {
  if (Array.isArray(request)) {
    const records = request as readonly SqsRecordLike[];
    const ids = records.map((r) => r?.messageId);
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
      throw new Error(`execution-starter: expected a batch of SQS records with a messageId each, received ${preview(request)}`);
    }
    return { name: messageExecutionName(workflow, ids), input: request };
  }
  const r = request as StartRequest;
  if (r?.start === 'schedule') {
    const date = r.input?.logicalDate;
    const t = typeof date === 'string' ? Date.parse(date) : NaN;
    if (Number.isNaN(t)) throw new Error(`execution-starter: schedule start: expected input.logicalDate as an ISO 8601 time, received ${preview(date)}`);
    return { name: slotExecutionName(workflow, new Date(t)), input: r.input };
  }
  if (r?.start === 'event' || r?.start === 's3') {
    if (typeof r.eventId !== 'string' || r.eventId === '') {
      throw new Error(`execution-starter: ${r.start} start: expected eventId as a non-empty string, received ${preview(r.eventId)}`);
    }
    if (r.start === 's3' && typeof r.sequencer === 'string' && r.sequencer !== '') {
      if (typeof r.bucket !== 'string' || typeof r.key !== 'string') {
        throw new Error(`execution-starter: s3 start: expected bucket and key as strings, received ${preview({ bucket: r.bucket, key: r.key })}`);
      }
      return { name: objectExecutionName(workflow, r.bucket, r.key, r.sequencer), input: r.input };
    }
    return { name: eventExecutionName(workflow, r.eventId), input: r.input };
  }
  throw new Error(`execution-starter: expected {start: "schedule" | "event" | "s3", ...} or an array of SQS records, received ${preview(request)}`);
}

/** `<workflow>-<suffix>` within 80 valid characters (the suffix is at most 69). */
function named(workflow: string, suffix: string): string {
  const prefix = workflow.replace(/[^A-Za-z0-9_-]/g, '-');
  if (prefix.length + suffix.length + 1 <= MAX_EXECUTION_NAME_LENGTH) return `${prefix}-${suffix}`;
  const hash = sha256(workflow).slice(0, 8);
  return `${prefix.slice(0, Math.max(0, MAX_EXECUTION_NAME_LENGTH - suffix.length - hash.length - 2))}-${hash}-${suffix}`;
}

/** An id as it is when it is short and valid, else 32 hex of its SHA-256 (deterministic either way). */
function idPart(id: string): string {
  return id.length <= MAX_RAW_ID && /^[A-Za-z0-9_-]+$/.test(id) ? id : sha256(id).slice(0, 32);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
