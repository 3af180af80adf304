import type { MockedAnswer } from '../../../lib/local/mock-config';

/** A recorded or documented AWS Step Functions execution the local engine must reproduce. */
export interface ConformanceCase {
  readonly name: string;
  readonly definition: object;
  readonly input: unknown;
  /** Objects in the run's S3, by "bucket/key" (for ItemReader). @default none */
  readonly s3?: Readonly<Record<string, string>>;
  /** The state machine's type. @default 'STANDARD' */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** Task answers per state name, by invocation ("0", "1-2"), as in a Step Functions Local mock file. Unmocked Lambda tasks echo their payload. */
  readonly mocks?: Readonly<Record<string, Readonly<Record<string, MockedAnswer>>>>;
  readonly expected: {
    readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
    readonly output?: unknown;
    readonly error?: string;
    /** Exact cause; omitted when the source does not record it. */
    readonly cause?: string;
  };
  /** Where the expectation comes from: an AWS documentation URL or a recorded-behaviour reference. */
  readonly source: string;
}

const DG = 'https://docs.aws.amazon.com/step-functions/latest/dg/';
/** AWS documentation pages the cases cite. */
export const DOC = {
  pass: `${DG}state-pass.html`,
  task: `${DG}state-task.html`,
  choice: `${DG}state-choice.html`,
  wait: `${DG}state-wait.html`,
  succeed: `${DG}state-succeed.html`,
  fail: `${DG}state-fail.html`,
  parallel: `${DG}state-parallel.html`,
  map: `${DG}state-map-inline.html`,
  inputPath: `${DG}input-output-inputpath-params.html`,
  resultPath: `${DG}input-output-resultpath.html`,
  outputPath: `${DG}input-output-example.html`,
  itemSelector: `${DG}input-output-itemselector.html`,
  context: `${DG}input-output-contextobject.html`,
  errors: `${DG}concepts-error-handling.html`,
  variables: `${DG}workflow-variables.html`,
  jsonata: `${DG}transforming-data.html`,
  intrinsics: `${DG}intrinsic-functions.html`,
  lambda: `${DG}connect-lambda.html`,
  quotas: `${DG}service-quotas.html`,
  paths: `${DG}amazon-states-language-paths.html`,
};
/** Publicly recorded AWS executions (LocalStack's snapshot tests record real AWS responses). */
export const RECORDED = {
  wait: 'AWS execution history recorded in localstack/localstack tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json',
  parametersPath: "AWS ExecutionFailed cause recorded in a public execution history: \"The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'\"",
  jsonataUndefined: "AWS QueryEvaluationError cause recorded in a public execution (umccr): \"The JSONata expression '$states.input.pushLocation' specified for the field 'Arguments/Input/pushLocation' returned nothing (undefined).\"",
  dataLimit: "AWS States.DataLimitExceeded cause as recorded in public executions: \"The state/task '<name>' returned a result with a size exceeding the maximum number of bytes service limit.\"",
  choicePath: "AWS cause for a missing Choice Variable: \"Invalid path '$.x': The choice state's condition path references an invalid value.\"",
};

export const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:fn';

/** A one-state machine (End added where the type takes it). */
export function one(state: Record<string, unknown>, machine: Record<string, unknown> = {}): object {
  const terminal = ['Succeed', 'Fail', 'Choice'].includes(String(state.Type));
  return { ...machine, StartAt: 'S', States: { S: terminal ? state : { ...state, End: true } } };
}

/** States in order, each going to the next; the last ends. */
export function chain(states: Record<string, Record<string, unknown>>, machine: Record<string, unknown> = {}): object {
  const names = Object.keys(states);
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => {
    const s = states[n];
    const terminal = ['Succeed', 'Fail', 'Choice'].includes(String(s.Type)) || s.Next !== undefined || s.End !== undefined;
    out[n] = terminal ? s : i === names.length - 1 ? { ...s, End: true } : { ...s, Next: names[i + 1] };
  });
  return { ...machine, StartAt: names[0], States: out };
}

export const ok = (output: unknown) => ({ status: 'SUCCEEDED' as const, output });
export const failed = (error: string, cause?: string) => ({ status: 'FAILED' as const, error, ...(cause !== undefined ? { cause } : {}) });
/** AWS's prefix of an evaluation error raised by state `name` entered at event `id`. */
export const at = (name: string, id: number, detail: string) => `An error occurred while executing the state '${name}' (entered at the event id #${id}). ${detail}`;
