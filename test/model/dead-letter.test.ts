import { DEAD_LETTER_FIELDS, DEAD_LETTER_FIELDS_COMPLETE, recoveredByRedrive } from '../../lib/model/dead-letter';
import { compiled, INPUT } from '../failure-matrix/support';

/** The letter's shape is written once (lib/model/dead-letter.ts); both builders follow it. */
describe('the dead letter shape', () => {
  test('DEAD_LETTER_FIELDS are exactly the required fields of DeadLetter (checked by the compiler too)', () => {
    // GIVEN / WHEN / THEN
    expect(DEAD_LETTER_FIELDS_COMPLETE).toBe(true);
    expect(new Set(DEAD_LETTER_FIELDS).size).toBe(DEAD_LETTER_FIELDS.length);
  });

  test('a letter built in ASL (optional task) and one built by the guard (required task) have the same fields, in order', async () => {
    // GIVEN the failure-matrix workflow with b optional, then b required
    const faults = [{ taskId: 'b', kind: 'permanent' as const }];
    // WHEN
    const asl = (await compiled('sp', 'optional').run({ input: INPUT, faults })).summary.deadLetters[0];
    const guard = (await compiled('sp', 'plain').run({ input: INPUT, faults })).summary.deadLetters[0];
    // THEN
    expect(Object.keys(asl)).toStrictEqual([...DEAD_LETTER_FIELDS]);
    expect(Object.keys(guard)).toStrictEqual([...DEAD_LETTER_FIELDS]);
    expect([asl.optional, guard.optional]).toStrictEqual([true, false]);
  });

  test('recoveredByRedrive: required tasks and executions are, optional tasks and tolerated items are not', () => {
    // GIVEN / WHEN / THEN
    expect([
      recoveredByRedrive({ kind: 'task', optional: false }), recoveredByRedrive({ kind: 'execution', optional: false }),
      recoveredByRedrive({ kind: 'task', optional: true }), recoveredByRedrive({ kind: 'map-items', optional: false }),
    ]).toStrictEqual([true, true, false, false]);
  });
});
