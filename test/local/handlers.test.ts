import * as fs from 'fs';
import * as path from 'path';
import { lambdaContext, loadHandler } from '../../lib/local/handlers';
import { tempDir } from '../support/temp';

const TS_HANDLER = path.join(__dirname, 'private', 'echo-handler.ts');
let dir: string;
beforeAll(() => { dir = tempDir('dagstep-handlers-'); });
/** Writes a CommonJS module into the temp folder and returns its path. */
const writeModule = (name: string, body: string) => { const f = path.join(dir, name); fs.writeFileSync(f, body); return f; };

describe('loadHandler', () => {
  test('loads a TypeScript handler and calls it with the event and a Lambda context named after the file', async () => {
    // GIVEN the echo handler fixture
    // WHEN loaded and called
    const out = await loadHandler(TS_HANDLER)({ hello: 'world' }) as { event: unknown; functionName: string; requestId: string };
    // THEN it got the event and a context for "echo-handler"
    expect(out.event).toStrictEqual({ hello: 'world' });
    expect(out.functionName).toBe('echo-handler');
    expect(out.requestId).toMatch(/^local-[0-9a-f]{8}$/);
  });

  test('a relative path resolves to the same cached handler', () => {
    // GIVEN the fixture by absolute and relative path
    const relative = path.relative(process.cwd(), TS_HANDLER);
    // WHEN loaded twice
    // THEN the same function is returned
    expect(loadHandler(relative)).toBe(loadHandler(TS_HANDLER));
  });

  test('supports a default export with a handler and synchronous handlers', async () => {
    // GIVEN a module exporting { default: { handler } } that returns synchronously
    const f = writeModule('def.js', 'exports.default = { handler: (e) => ({ got: e }) };');
    // WHEN loaded and called
    // THEN the result is wrapped in a promise
    await expect(loadHandler(f)(5)).resolves.toStrictEqual({ got: 5 });
  });

  test('a handler that throws rejects with its error', async () => {
    // GIVEN a handler throwing a named error
    const f = writeModule('throws.js', "exports.handler = async () => { const e = new Error('bad'); e.name = 'ValidationError'; throw e; };");
    // WHEN called
    // THEN the promise rejects with it
    await expect(loadHandler(f)({})).rejects.toMatchObject({ name: 'ValidationError', message: 'bad' });
  });

  test('a module without a handler function is refused', () => {
    // GIVEN a module exporting something else
    const f = writeModule('nohandler.js', 'exports.handler = 42;');
    // WHEN loaded
    // THEN it throws naming the file
    expect(() => loadHandler(f)).toThrow(`${f}: expected an exported function "handler"`);
  });
});

describe('lambdaContext', () => {
  test('has the fixed Lambda context fields and a fresh request id per call', () => {
    // GIVEN two contexts for "extract"
    const a = lambdaContext('extract');
    const b = lambdaContext('extract');
    // WHEN inspected
    // THEN the fields are the local values and the ids are consecutive
    expect({ ...a, awsRequestId: 'x', getRemainingTimeInMillis: 0, done: 0, fail: 0, succeed: 0 }).toStrictEqual({
      callbackWaitsForEmptyEventLoop: true,
      functionName: 'extract',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:extract',
      memoryLimitInMB: '256',
      awsRequestId: 'x',
      logGroupName: '/aws/lambda/extract',
      logStreamName: 'local',
      getRemainingTimeInMillis: 0, done: 0, fail: 0, succeed: 0,
    });
    expect(a.getRemainingTimeInMillis()).toBe(900_000);
    expect(parseInt(b.awsRequestId.slice(6), 16) - parseInt(a.awsRequestId.slice(6), 16)).toBe(1);
    expect(b.awsRequestId).toMatch(/^local-[0-9a-f]{8}$/);
  });
});
