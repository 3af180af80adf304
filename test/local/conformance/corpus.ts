import { isDeepStrictEqual } from 'util';
import { runExecution, ExecutionResult } from '../../../lib/local/engine';
import { mockTaskFrom } from '../../../lib/local/mock-config';
import { InMemoryS3 } from '../../../lib/local/s3-memory';
import type { ConformanceCase } from './case';
import { CHOICE_CASES } from './cases-choice';
import { CONTEXT_CASES } from './cases-context';
import { ERROR_CASES } from './cases-errors';
import { IO_CASES } from './cases-io';
import { ITEM_READER_CASES } from './cases-item-reader';
import { JSONATA_CASES } from './cases-jsonata';
import { MAP_PARALLEL_CASES } from './cases-map-parallel';
import { RECORDED_CASES } from './cases-recorded';
import { PATH_CASES } from './cases-paths';
import { STATE_CASES } from './cases-states';
import { VARIABLE_CASES } from './cases-variables';

export type { ConformanceCase } from './case';

/** Every conformance case: documented or publicly recorded AWS Step Functions behaviour. */
export function conformanceCases(): readonly ConformanceCase[] {
  return [...STATE_CASES, ...IO_CASES, ...CHOICE_CASES, ...MAP_PARALLEL_CASES, ...ERROR_CASES, ...VARIABLE_CASES, ...JSONATA_CASES, ...CONTEXT_CASES,
    ...RECORDED_CASES, ...PATH_CASES, ...ITEM_READER_CASES];
}

/** Runs one case on the local engine: mocked tasks answer from `mocks`, other Lambda tasks echo their payload. */
export async function runCase(c: ConformanceCase): Promise<ExecutionResult> {
  const testCase = Object.fromEntries(Object.keys(c.mocks ?? {}).map((s) => [s, s]));
  const mockTask = c.mocks ? mockTaskFrom({ StateMachines: {}, MockedResponses: c.mocks }, testCase) : undefined;
  const s3 = new InMemoryS3();
  for (const [at, body] of Object.entries(c.s3 ?? {})) await s3.put(at.slice(0, at.indexOf('/')), at.slice(at.indexOf('/') + 1), body);
  return runExecution(c.definition, c.input, {
    s3,
    invokeLambda: async (req) => ({ payload: req.payload, durationSeconds: 0 }),
    mockTask, executionName: 'conformance', workflowName: 'conformance-sm', type: c.type,
  });
}

/** What the engine gave, in the shape of an expectation (only the fields the case checks). */
export function observed(c: ConformanceCase, r: ExecutionResult): ConformanceCase['expected'] {
  const o: Record<string, unknown> = { status: r.status };
  if ('output' in c.expected) o.output = r.output;
  if ('error' in c.expected) o.error = r.error;
  if ('cause' in c.expected) o.cause = r.cause;
  return o as ConformanceCase['expected'];
}

/** The pass figure: cases whose status (and output / error / cause where given) match. */
export async function measureConformance(cases = conformanceCases()): Promise<{ passed: number; total: number; failures: string[] }> {
  const failures: string[] = [];
  for (const c of cases) {
    let same: boolean;
    try {
      same = isDeepStrictEqual(normal(observed(c, await runCase(c))), normal(c.expected));
    } catch {
      same = false;
    }
    if (!same) failures.push(c.name);
  }
  return { passed: cases.length - failures.length, total: cases.length, failures };
}

/** JSON as it would be recorded (undefined fields dropped). */
export function normal(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}
