export * from './types';
export * from './errors';
export { Workflow, TaskRef, TaskOptions, WorkflowOptions } from './dsl';
export { loadSpecFile, parseSpec, modelFromSpec } from './spec-loader';
export { RETRY_POLICIES, RETRY_POLICY_DOCS, resolveRetry } from './retry-policies';
