import { OperationError } from './errors';

/** The AWS identifiers the CLI takes from users, parameters and dead letters. */
export type ArnKind = 'stateMachine' | 'execution' | 'queueUrl';

const NAME = '[A-Za-z0-9_.-]{1,80}';
const PATTERNS: Record<ArnKind, { re: RegExp; expected: string }> = {
  // A state machine, or one of its versions / aliases (`:<version>` or `:<alias>`).
  stateMachine: {
    re: new RegExp(`^arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):stateMachine:${NAME}(:${NAME})?$`),
    expected: 'a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>[:<alias>])',
  },
  // Standard and Express executions; a Distributed Map child run names `<machine>/<mapRun>`.
  execution: {
    re: new RegExp(`^arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):(execution|express):${NAME}(/[A-Za-z0-9_.-]+)?:[A-Za-z0-9_.-]{1,80}(:[A-Za-z0-9_.-]+)?$`),
    expected: 'an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>)',
  },
  queueUrl: {
    re: /^https:\/\/(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
    expected: 'an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)',
  },
};

/**
 * Checks an ARN or queue URL before any call is made with it; returns its region. Throws an
 * OperationError naming `where`, what was expected and what was received.
 */
export function validateArn(kind: ArnKind, value: unknown, where: string): string {
  const p = PATTERNS[kind];
  const m = typeof value === 'string' ? p.re.exec(value) : null;
  if (!m) {
    throw new OperationError({ file: where, message: `expected ${p.expected}, received ${JSON.stringify(value) ?? 'nothing'}` });
  }
  return m[1] ?? m[2];
}

/** The last segment of an ARN (an execution's or state machine's name). */
export function arnName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}
