import { createHash } from 'crypto';
import fc from 'fast-check';
import { isoSecond as backfillIsoSecond, slotExecutionName as backfillSlotName } from '../../lib/cli/backfill';
import {
  eventExecutionName, EXECUTION_NAME_PATTERN, executionStartOf, messageExecutionName, objectExecutionName, slotExecutionName,
} from '../../lib/model/execution-names';

const SLOT = new Date(Date.UTC(2026, 10, 1, 2));
const UUID = '6a7e8feb-b491-4cf7-a9f1-bf3703467718';
/** Any instant Scheduler can name, to the second (years 2000–2200). */
const slots = fc.integer({ min: 946_684_800, max: 7_258_118_400 }).map((s) => new Date(s * 1000));
const anyName = fc.string({ unit: 'binary', maxLength: 120 });

describe('execution names', () => {
  test('a slot, an event and a message get readable names', () => {
    // GIVEN / WHEN / THEN
    expect([slotExecutionName('nightly', SLOT), eventExecutionName('nightly', UUID), messageExecutionName('nightly', [UUID])]).toStrictEqual([
      'nightly-20261101T020000Z', `nightly-ev-${UUID}`, `nightly-sqs-${UUID}`,
    ]);
  });

  test('a long workflow name is cut and tagged with its hash, as backfill has always named slots', () => {
    // GIVEN an 80-character workflow name
    const workflow = 'w'.repeat(80);
    // WHEN
    const name = slotExecutionName(workflow, SLOT);
    // THEN 54 characters of it, 8 hex of its SHA-256, the stamp: 80 in all
    expect(name).toBe(`${'w'.repeat(54)}-${createHash('sha256').update(workflow).digest('hex').slice(0, 8)}-20261101T020000Z`);
    expect(name.length).toBe(80);
  });

  test('ids with characters a name cannot hold, or too long, are hashed; a batch hashes its sorted ids', () => {
    // GIVEN an id with a colon, a 60-character id and a batch in two orders
    const odd = eventExecutionName('w', 'a:b');
    const long = eventExecutionName('w', 'x'.repeat(60));
    // THEN
    expect([odd, long].map((n) => /^w-ev-[0-9a-f]{32}$/.test(n))).toStrictEqual([true, true]);
    expect(odd).not.toBe(eventExecutionName('w', 'a-b'));
    expect(messageExecutionName('w', ['m2', 'm1'])).toBe(messageExecutionName('w', ['m1', 'm2']));
    expect(messageExecutionName('w', ['m1', 'm2'])).toMatch(/^w-sqs-[0-9a-f]{32}$/);
    expect(messageExecutionName('w', ['m1', 'm2'])).not.toBe(messageExecutionName('w', ['m1', 'm3']));
  });

  test('property: every name is 1–80 characters of [A-Za-z0-9_-] and the same for the same input', () => {
    fc.assert(fc.property(anyName, slots, anyName, fc.array(anyName, { minLength: 1, maxLength: 10 }), (workflow, slot, eventId, ids) => {
      const names = [slotExecutionName(workflow, slot), eventExecutionName(workflow, eventId), messageExecutionName(workflow, ids)];
      const again = [slotExecutionName(workflow, new Date(slot.getTime())), eventExecutionName(workflow, eventId), messageExecutionName(workflow,
        [...ids].reverse())];
      return names.every((n) => EXECUTION_NAME_PATTERN.test(n)) && JSON.stringify(again) === JSON.stringify(names);
    }), { numRuns: 500 });
  });

  test('property: the schedule\'s start of a slot gets exactly the name and logicalDate backfill gives it', () => {
    fc.assert(fc.property(anyName, slots, (workflow, slot) => {
      // GIVEN the input Scheduler sends for the slot (<aws.scheduler.scheduled-time> is ISO 8601 to the second)
      const scheduled = { start: 'schedule' as const, input: { region: 'eu', logicalDate: backfillIsoSecond(slot) } };
      // WHEN the starter names it
      const started = executionStartOf(workflow, scheduled);
      // THEN backfill's name for that slot, and the same logicalDate
      return started.name === backfillSlotName(workflow, slot) && (started.input as { logicalDate: string }).logicalDate === backfillIsoSecond(slot);
    }), { numRuns: 500 });
  });
});

describe('executionStartOf', () => {
  test('a schedule, an event and a Pipe batch name their execution and keep their input as it is', () => {
    // GIVEN one request of each kind
    const schedule = { start: 'schedule' as const, input: { logicalDate: '2026-11-01T02:00:00Z' } };
    const event = { start: 'event' as const, eventId: UUID, input: { logicalDate: '2026-11-01T02:00:03Z', bucket: 'b', key: 'k' } };
    const batch = [{ messageId: 'm-1', body: '{}' }];
    // WHEN / THEN
    expect([executionStartOf('w', schedule), executionStartOf('w', event), executionStartOf('w', batch)]).toStrictEqual([
      { name: 'w-20261101T020000Z', input: schedule.input },
      { name: `w-ev-${UUID}`, input: event.input },
      { name: 'w-sqs-m-1', input: batch },
    ]);
  });

  test('a request it cannot name is refused with what was received', () => {
    // GIVEN malformed requests (a trigger bug)
    // WHEN / THEN
    expect(() => executionStartOf('w', { start: 'schedule', input: { logicalDate: 'soon' } })).toThrow('execution-starter: schedule start: expected input.logicalDate as an ISO 8601 time, received "soon"');
    expect(() => executionStartOf('w', { start: 'event', eventId: '', input: {} })).toThrow('execution-starter: event start: expected eventId as a non-empty string, received ""');
    expect(() => executionStartOf('w', [])).toThrow('execution-starter: expected a batch of SQS records with a messageId each, received []');
    expect(() => executionStartOf('w', { start: 's3', eventId: '', bucket: 'b', key: 'k', sequencer: '01', input: {} })).toThrow('execution-starter: s3 start: expected eventId as a non-empty string, received ""');
    expect(() => executionStartOf('w', { start: 's3', eventId: 'e', bucket: 1, key: 'k', sequencer: '01', input: {} } as never)).toThrow('execution-starter: s3 start: expected bucket and key as strings, received {"bucket":1,"key":"k"}');
    expect(() => executionStartOf('w', { hello: 1 } as never)).toThrow('execution-starter: expected {start: "schedule" | "event" | "s3", ...} or an array of SQS records, received {"hello":1}');
  });

  test('an S3 object write names one execution whatever event announces it; another write of the key another', () => {
    // GIVEN the starts S3 events ask for (the input holds the event id, as the rule gives it)
    const write = (eventId: string, sequencer: string | null | undefined, key = 'in/a.csv') =>
      executionStartOf('w', { start: 's3', eventId, bucket: 'landing', key, sequencer, input: { eventId } }).name;
    // WHEN one write is announced by two events
    const first = write(UUID, '0064D3901D00059242');
    // THEN both name the same execution, named after the write
    expect(write('7bf73129-1428-4cd3-a780-95db273d1602', '0064D3901D00059242')).toBe(first);
    expect(first).toBe(objectExecutionName('w', 'landing', 'in/a.csv', '0064D3901D00059242'));
    expect(first).toMatch(/^w-s3-[0-9a-f]{32}$/);
    // AND a later write of the key, or a write of another key, names another
    expect(new Set([first, write(UUID, '0064D3901D00059243'), write(UUID, '0064D3901D00059242', 'in/b.csv')]).size).toBe(3);
    // AND an event without a sequencer is named by its id
    expect([write(UUID, null), write(UUID, ''), write(UUID, undefined)]).toStrictEqual([`w-ev-${UUID}`, `w-ev-${UUID}`, `w-ev-${UUID}`]);
  });

  test('property: an object write\'s name is 1–80 characters of [A-Za-z0-9_-], and the same for the same write', () => {
    fc.assert(fc.property(anyName, anyName, anyName, anyName, (workflow, bucket, key, sequencer) => {
      const name = objectExecutionName(workflow, bucket, key, sequencer);
      return EXECUTION_NAME_PATTERN.test(name) && name === objectExecutionName(workflow, bucket, key, sequencer);
    }), { numRuns: 300 });
  });
});
