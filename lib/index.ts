/**
 * The root entry of the `dagstep` package: the CDK constructs, the DSL, the spec loader, the model
 * types and errors. Lambda handlers import `dagstep/lambda` instead (no CDK in their bundle); tests
 * import `dagstep/testing`; the local engine alone is `dagstep/local`.
 */
export type { WorkflowProps } from './constructs/workflow';
export { Workflow, DEFAULT_MAX_TASKS_PER_STATE_MACHINE, INLINE_DEFINITION_MAX_TASKS } from './constructs/workflow';
export { WorkflowStack } from './constructs/workflow-stack';
export type { WorkflowStackProps } from './constructs/workflow-stack';
export type { Thresholds, AlarmSpec } from './constructs/observability';
export { addSecurityChecks, acknowledge } from './constructs/security';
export type { Acknowledgement } from './constructs/security';
export { compileDefinition } from './constructs/render-asl';
export type { CompiledDefinition, CompileDefinitionOptions } from './constructs/render-asl';
export * from './model/types';
export * from './model/errors';
export { WorkflowBuilder, TaskRef } from './model/dsl';
export type { TaskOptions, WorkflowOptions } from './model/dsl';
export { loadSpecFile, parseSpec, modelFromSpec } from './model/spec-loader';
export type { SpecDocument, SpecTask } from './model/spec-loader';
export { RETRY_POLICIES, RETRY_POLICY_DOCS, resolveRetry } from './model/retry-policies';
export { WORKFLOW_SCHEMA } from './model/schema';
export { METRICS_NAMESPACE, TASK_METRICS, ENV, LOG_MESSAGES, ERROR_NAMES } from './model/contract';
export type { TaskMetricName } from './model/contract';
