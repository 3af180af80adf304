import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { captureIO } from '../../../lib/cli/io';
import { runCli } from '../../../lib/cli/program';
import { registerRun } from '../../../lib/cli/run';
import { tempDir } from '../../support/temp';

const dir = tempDir('callback-mocks-');
const spec = path.join(dir, 'shop.yaml');
fs.writeFileSync(spec, [
  'name: shop',
  'tasks:',
  '  - id: paid',
  '    waitFor: { event: { source: shop, detailType: OrderPaid }, correlation: $.input.orderId, timeoutSeconds: 3600 }',
  '  - id: ship_ok',
  '    dependsOn: [paid]',
  '    approval: { notify: ops@example.com, timeoutSeconds: 600 }',
  '',
].join('\n'));
const eventFile = path.join(dir, 'paid.json');
const EVENT = { source: 'shop', 'detail-type': 'OrderPaid', detail: { orderId: 'o-1' } };
fs.writeFileSync(eventFile, JSON.stringify(EVENT));
const inputFile = path.join(dir, 'input.json');
fs.writeFileSync(inputFile, JSON.stringify({ orderId: 'o-1' }));

async function run(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['run', spec, '--json', '--input', inputFile, ...args], io, [registerRun]);
  return { code, out: io.out(), err: io.err() };
}

describe('--event, --approve and --reject of the local commands', () => {
  test('--event gives a waitFor task its event and --approve decides the approval: both are the tasks\' results', async () => {
    // WHEN
    const r = await run('--event', `paid=${eventFile}`, '--approve', 'ship_ok');
    // THEN
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.output.results).toStrictEqual({ paid: EVENT, ship_ok: { decision: 'approved', by: 'local', at: '1970-01-01T00:00:00.000Z' } });
  });

  test('--reject fails the approval with dagstep.Rejected, dead-lettered like any error', async () => {
    // WHEN
    const r = await run('--event', `paid=${eventFile}`, '--reject', 'ship_ok');
    // THEN
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s.deadLetters.map((d: Record<string, unknown>) => [d.taskId, d.error])).toStrictEqual([['ship_ok', 'dagstep.Rejected']]);
  });

  test('a flag on a task of another kind, or an unknown task, is an error naming both', async () => {
    // WHEN
    const r = await run('--approve', 'paid', '--event', `nope=${eventFile}`);
    // THEN
    expect(r.code).toBe(1);
    expect(r.err).toContain('task "nope": --event: no task "nope" in workflow "shop"');
    expect(r.err).toContain('task "paid": --approve: --approve is for approval tasks; "paid" is a waitFor task');
  });

  test('an --event or --mocks path that is not a regular file is refused before it is read (no hang on a FIFO)', async () => {
    // GIVEN a FIFO, which a read would block on forever
    const fifo = path.join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    // WHEN
    const event = await run('--event', `paid=${fifo}`, '--approve', 'ship_ok');
    const mocks = await run('--mocks', dir, '--approve', 'ship_ok');
    // THEN one-line user errors naming the flag and what was expected
    expect([event.code, event.err]).toStrictEqual([1, `${fifo}: --event: expected a regular file, received a FIFO (named pipe)\n`]);
    expect([mocks.code, mocks.err]).toStrictEqual([1, `${dir}: --mocks: expected a regular file, received a directory\n`]);
  });
});
