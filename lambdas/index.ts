/**
 * The Lambda-side entry of the `dagstep` package (`dagstep/lambda`): the handler wrapper, the
 * typed errors and the event types. It never imports aws-cdk-lib, so a handler's bundle stays small.
 */
export * from './instrument';
export * from './errors';
export * from './types';
export { ENV, ERROR_NAMES, LOG_MESSAGES, TASK_METRICS } from '../lib/model/contract';
export type { TaskMetricName } from '../lib/model/contract';
export * from './secrets';
