import { validateAsl } from './asl';

/** asl-validator's own verdict, from a module registry where its Ajv is not shared. */
function unsharedVerdict(definition: unknown): string {
  let verdict = '';
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the untyped CommonJS module
    const fresh = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };
    const r = fresh(JSON.parse(JSON.stringify(definition)));
    verdict = r.isValid ? '' : r.errorsText('\n');
  });
  return verdict;
}

const pass = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
const CASES: Record<string, unknown> = {
  'a valid Pass machine': pass,
  'a valid JSONata Task': { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { Payload: '{% $states.input %}' }, End: true } } },
  'a bad JSONPath': { StartAt: 'A', States: { A: { Type: 'Pass', OutputPath: '$$$.x', End: true } } },
  'a bad JSONata expression': { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input. %}', End: true } } },
  'a bad ARN': { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'not-an-arn', End: true } } },
  'a missing transition target': { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } },
};

describe('validateAsl', () => {
  test('gives asl-validator\'s own verdict on valid and invalid definitions, called again and again with one shared Ajv', () => {
    // GIVEN every case, validated three times over, interleaved
    const rounds = [1, 2, 3].map(() => Object.fromEntries(Object.entries(CASES).map(([name, d]) => [name, validateAsl(d)])));
    // WHEN asl-validator judges each with an Ajv of its own
    const unshared = Object.fromEntries(Object.entries(CASES).map(([name, d]) => [name, unsharedVerdict(d)]));
    // THEN the verdicts agree, every round, and the invalid cases are reported as invalid
    for (const round of rounds) expect(round).toStrictEqual(unshared);
    expect(Object.entries(unshared).filter(([, v]) => v === '').map(([name]) => name)).toStrictEqual(['a valid Pass machine', 'a valid JSONata Task']);
  });
});
