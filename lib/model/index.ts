export * from './types';
export * from './errors';
export { WorkflowBuilder, TaskRef, TaskOptions, WorkflowOptions } from './dsl';
export { loadSpecFile, parseSpec, modelFromSpec } from './spec-loader';
export { RETRY_POLICIES, RETRY_POLICY_DOCS, resolveRetry } from './retry-policies';
