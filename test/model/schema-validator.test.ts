import * as fs from 'fs';
import { GENERATED_VALIDATOR, validatorSource } from '../../scripts/schema-validator';
import { schemaProblems } from '../../lib/model/schema';

describe('the ahead-of-time schema validator', () => {
  test('GIVEN the schema WHEN the validator is generated again THEN it equals the committed file (run `npx tsx scripts/schema-validator.ts` after editing the schema)', () => {
    expect(fs.readFileSync(GENERATED_VALIDATOR, 'utf8')).toBe(validatorSource());
  });

  test('GIVEN a spec with several violations WHEN validated THEN every one is reported (allErrors), as with a runtime-compiled Ajv', () => {
    const problems = schemaProblems({ name: 'ok', tasks: [{ id: 'a', durationSeconds: -1, colour: 'red' }, { id: 'b', handler: 3 }] }, 'spec.json');
    expect(problems.map((p) => [p.taskId, p.field])).toStrictEqual([
      ['a', 'colour'],
      ['a', 'durationSeconds'],
      ['b', 'handler'],
    ]);
  });
});
