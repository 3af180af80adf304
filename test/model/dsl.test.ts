import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workflow } from '../../lib/model/dsl';
import { SpecError } from '../../lib/model/errors';
import { parseSpec } from '../../lib/model/spec-loader';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsl-'));
fs.writeFileSync(path.join(dir, 'extract.ts'), 'export const handler = async () => ({});\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Workflow DSL', () => {
  test('gives the same model as the equivalent spec', () => {
    // GIVEN a workflow built with the DSL
    const wf = new Workflow('etl', { description: 'd', baseDir: dir, layout: 'sp', slo: { p99Seconds: 600, successRate: 0.99 } });
    const a = wf.task('extract_orders', { handler: 'extract.ts', durationSeconds: 30, retry: 'transient' });
    const b = wf.task('extract_customers', { durationSeconds: 20 });
    wf.task('transform', { retry: { policy: 'upstream', maxAttempts: 2 } }).after(a, b);
    wf.task('load', { optional: true }).after('transform');
    // AND the same workflow as a spec
    const spec = parseSpec(JSON.stringify({
      name: 'etl', description: 'd', layout: 'sp', slo: { p99Seconds: 600, successRate: 0.99 },
      tasks: [
        { id: 'extract_orders', handler: 'extract.ts', durationSeconds: 30, retry: 'transient' },
        { id: 'extract_customers', durationSeconds: 20 },
        { id: 'transform', dependsOn: ['extract_orders', 'extract_customers'], retry: { policy: 'upstream', maxAttempts: 2 } },
        { id: 'load', dependsOn: ['transform'], optional: true },
      ],
    }), '<dsl:etl>', dir);
    // WHEN converted THEN the models are equal
    expect(wf.toModel()).toStrictEqual(spec);
  });

  test('after() chains and returns the task', () => {
    // GIVEN / WHEN a chained after
    const wf = new Workflow('w', { baseDir: dir });
    const a = wf.task('a');
    const c = wf.task('c').after(a).after('b');
    wf.task('b');
    // THEN the ref is returned and both deps are kept
    expect([c.id, wf.toModel().tasks[1].dependsOn]).toStrictEqual(['c', ['a', 'b']]);
  });

  test('invalid and duplicate ids fail in task()', () => {
    // GIVEN a workflow WHEN bad ids are added THEN SpecErrors name the dsl source and the id
    const wf = new Workflow('w', { baseDir: dir });
    wf.task('a');
    expect(() => wf.task('1bad')).toThrow(SpecError);
    expect(() => wf.task('a')).toThrow('<dsl:w>: task "a": id: duplicate task id');
  });

  test('toModel() runs the spec validation', () => {
    // GIVEN a bad duration and a missing handler
    const wf = new Workflow('w', { baseDir: dir });
    wf.task('a', { durationSeconds: -5 });
    wf.task('b', { handler: 'missing.ts' });
    // WHEN converted THEN the problems name the dsl source and the fields
    let err: unknown;
    try { wf.toModel(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).problems.every((p) => p.file === '<dsl:w>')).toBe(true);
    expect((err as SpecError).message.includes('-5')).toBe(true);
  });
});
