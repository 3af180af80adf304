import * as fs from 'fs';
import * as path from 'path';
import { INLINE_DEFINITION_MAX_TASKS } from '../../lib/constructs/workflow';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { task, workflow } from '../support/models';
import { tempDir } from '../support/temp';

const HANDLERS = path.resolve(__dirname, '../../examples/etl/handlers');
const EXTRACT = path.join(HANDLERS, 'extract.ts');
const LOAD = path.join(HANDLERS, 'load.ts');

describe('compileDefinition', () => {
  const model = workflow('render', [
    task('a', [], { handler: EXTRACT, sideEffects: 'none' }),
    task('b', ['a'], { handler: EXTRACT, sideEffects: 'none' }),
    task('c', ['b'], { handler: LOAD, sideEffects: 'none' }),
  ]);
  const compiled = compileDefinition(model);

  test('functions map placeholder ARNs to handler files and their tasks', () => {
    // GIVEN the compiled model / WHEN its functions are read
    const fns = Object.entries(compiled.functions).map(([arn, f]) => [/^\$\{[A-Za-z0-9]+CurrentVersion[A-Za-z0-9]+\}$/.test(arn), f.handler, [...f.taskIds]]);
    // THEN one function per distinct handler
    expect(fns).toStrictEqual([[true, EXTRACT, ['a', 'b']], [true, LOAD, ['c']]]);
  });

  test('Task states invoke the functions\' published versions through ${XCurrentVersion…} placeholders', () => {
    // GIVEN / WHEN the definition text is searched for the function placeholders
    const text = JSON.stringify(compiled.definition);
    // THEN every function placeholder appears and the definition holds no CloudFormation intrinsics
    for (const arn of Object.keys(compiled.functions)) expect(text.includes(arn)).toBe(true);
    expect(text.includes('Fn::GetAtt')).toBe(false);
    expect(text.includes('"Ref"')).toBe(false);
  });

  test('the dead-letter queue URL is a placeholder; a workflow without optional tasks sends no letter from its definition', () => {
    // GIVEN / WHEN / THEN (required failures stay uncaught: the guard letters them)
    expect(compiled.deadLetterQueueUrl).toMatch(/^\$\{[A-Za-z0-9]+\}$/);
    expect(JSON.stringify(compiled.definition).includes(compiled.deadLetterQueueUrl)).toBe(false);
    expect(compiled.children).toStrictEqual({});
    expect(compiled.plan.root).toStrictEqual({ kind: 'seq', children: [{ kind: 'task', id: 'a' }, { kind: 'task', id: 'b' }, { kind: 'task', id: 'c' }] });
  });

  test('a partitioned workflow has child definitions', () => {
    // GIVEN a chain of 6 tasks and at most 2 tasks per state machine
    const chain = workflow('parts', Array.from({ length: 6 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { sideEffects: 'none' })));
    // WHEN compiled
    const c = compileDefinition(chain, { maxTasksPerStateMachine: 2 });
    // THEN children are keyed by placeholder ARNs and referenced by the parent
    const keys = Object.keys(c.children);
    expect(keys.length > 1).toBe(true);
    expect(keys.every((k) => /^\$\{[A-Za-z0-9]+\}$/.test(k) || /^\$\{[A-Za-z0-9]+\.Arn\}$/.test(k))).toBe(true);
    const parent = JSON.stringify(c.definition);
    for (const k of keys) expect(parent.includes(k)).toBe(true);
  });

  test('GIVEN a workflow over the inline limit WHEN compiled and its template synthesized THEN nothing is left in the temp folder', () => {
    // GIVEN a temp folder of its own and a workflow whose definitions ship as S3 assets
    const tmp = tempDir('dagstep-render-tmp-');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const big = workflow('big', Array.from({ length: INLINE_DEFINITION_MAX_TASKS + 1 }, (_, i) => task(`t${i}`, [], { sideEffects: 'none' })));
      // WHEN
      const c = compileDefinition(big);
      const template = c.template();
      // THEN the definition went to S3 and the throwaway cloud assembly is gone
      const machine = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
        .find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
      expect(Object.keys(machine.Properties.DefinitionS3Location as object).sort()).toStrictEqual(['Bucket', 'Key']);
      expect(c.template()).toBe(template);
      expect(fs.readdirSync(tmp)).toStrictEqual([]);
    } finally {
      process.env.TMPDIR = before;
    }
  });
});
