import { withLocalSecrets, withTaskEnvironment } from '../../../lib/testing/private/run-context';
import { ENV, LOCAL_SECRETS_KEY } from '../../../lib/model/contract';
import { task, workflow } from '../../support/models';

const MODEL = workflow('loc', [
  task('a', [], { environment: { STAGE: 'dev' }, secrets: { DB: { secretsManager: 'prod/db' } } }),
  task('b', [], { secrets: { KEY: { ssm: '/k' } } }),
]);

describe('withLocalSecrets / withTaskEnvironment', () => {
  test('values and environment are in place only during the call', async () => {
    // GIVEN an invoker that records what it sees
    const seen: unknown[] = [];
    const invoke = withTaskEnvironment(MODEL, async () => {
      seen.push([process.env.STAGE, process.env[ENV.secrets], (globalThis as Record<symbol, Map<string, string>>)[Symbol.for(LOCAL_SECRETS_KEY)]?.get('DB')]);
      return { payload: {} };
    });
    // WHEN task a runs inside a local-secrets scope
    await withLocalSecrets(new Map([['DB', 'v']]), () => invoke({ functionName: 'f', stateName: 'a', attempt: 0, payload: { context: { taskId: 'a' } } }));
    // THEN it saw them, and nothing remains afterwards
    expect(seen).toStrictEqual([['dev', JSON.stringify({ DB: { secretsManager: 'prod/db' } }), 'v']]);
    expect(process.env.STAGE).toBeUndefined();
    expect(process.env[ENV.secrets]).toBeUndefined();
    expect(Symbol.for(LOCAL_SECRETS_KEY) in globalThis).toBe(false);
  });
});
