import * as fs from 'fs';
import * as path from 'path';
import { localSecretValues } from '../../../lib/cli/private/local-secrets';
import { SpecError } from '../../../lib/model/errors';
import { task, workflow } from '../../support/models';
import { tempDir } from '../../support/temp';

const MODEL = workflow('loc', [
  task('a', [], { environment: { STAGE: 'dev' }, secrets: { DB: { secretsManager: 'prod/db' } } }),
  task('b', [], { secrets: { KEY: { ssm: '/k' } } }),
]);

describe('localSecretValues', () => {
  test('from a JSON file and from prefixed environment variables (declared names only)', () => {
    // GIVEN a file and an environment
    const dir = tempDir('local-secrets-');
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, JSON.stringify({ DB: 'from-file' }));
    // WHEN / THEN
    expect([...localSecretValues(MODEL, { file })]).toStrictEqual([['DB', 'from-file']]);
    expect([...localSecretValues(MODEL, { envPrefix: 'L_' }, { L_KEY: 'from-env', L_OTHER: 'ignored' })]).toStrictEqual([['KEY', 'from-env']]);
  });

  test('a missing or malformed file is a user error', () => {
    // GIVEN / WHEN / THEN
    expect(() => localSecretValues(MODEL, { file: '/nonexistent/s.json' })).toThrow(SpecError);
    const dir = tempDir('local-secrets-');
    const arr = path.join(dir, 'a.json');
    fs.writeFileSync(arr, '[]');
    expect(() => localSecretValues(MODEL, { file: arr })).toThrow(`${arr}: --secrets: expected a JSON object { "NAME": "value" }`);
  });
});
