import { StatesError } from '../errors';
import type { StateIo } from '../io';
import type { StepResult } from '../runtime';
import { EPOCH } from '../timestamps';

/** Step Functions runs an execution at most a year: no Wait lasts longer. */
const MAX_WAIT_SECONDS = 366 * 24 * 3600;
/**
 * The longest delay AWS accepts from a timestamp (2^31 - 1 seconds, about 24,855 days): one day more
 * fails with States.Runtime "Wait state delay is too long." (localstack
 * tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json, boundary 24,855 / 24,856 days).
 */
const MAX_DELAY_SECONDS = 2_147_483_647;
/** ISO-8601 extended offset date-time, as AWS requires (a zone designator is mandatory). */
const ISO_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Wait: Seconds / SecondsPath / Timestamp / TimestampPath (JSONata: Seconds / Timestamp), bounded. */
export async function runWait(io: StateIo): Promise<StepResult> {
  const { state, rt } = io.env;
  const path = state.SecondsPath ?? state.TimestampPath;
  const label = state.SecondsPath !== undefined ? 'SecondsPath' : state.TimestampPath !== undefined ? 'TimestampPath' : state.Seconds !== undefined ? 'Seconds' : 'Timestamp';
  const shown = (v: unknown) => `${path ?? label} == ${typeof v === 'string' ? v : JSON.stringify(v)}`;
  // A JSONata field of the wrong type is an evaluation error, as for Items.
  const error = io.jsonata ? 'States.QueryEvaluationError' : 'States.Runtime';
  let seconds: number;
  if (label === 'Seconds' || label === 'SecondsPath') {
    const v = await io.option('Seconds');
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new StatesError(error, `The ${label} parameter cannot be parsed as a long value: ${shown(v)}`);
    if (v < 0) throw new StatesError(error, `The ${label} parameter references a negative value: ${shown(v)}`);
    seconds = v;
  } else {
    const v = await io.option('Timestamp');
    const at = typeof v === 'string' ? parseTimestamp(v) : undefined;
    if (at === undefined && io.jsonata) throw new StatesError(error, `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (at === undefined) throw new StatesError(error, `The ${label} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${shown(v)}`);
    seconds = (at - (EPOCH + rt.clock.now * 1000)) / 1000;
    if (seconds > MAX_DELAY_SECONDS) throw new StatesError('States.Runtime', 'Wait state delay is too long.');
  }
  await rt.clock.sleep(Math.min(MAX_WAIT_SECONDS, Math.max(0, seconds)));
  return { output: await io.finish(io.effectiveInput()), next: state.End ? undefined : state.Next };
}

/** Epoch milliseconds of a valid ISO-8601 offset date-time (month 13, day 32... rejected), else undefined. */
export function parseTimestamp(text: string): number | undefined {
  const m = ISO_OFFSET.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}
