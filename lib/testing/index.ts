/**
 * The testing entry of the `dagstep` package (`dagstep/testing`): get a workflow's ASL from a
 * template or construct, find a task's state and its Retry / Catch rules, run the workflow locally
 * with injected faults, and synthesize without bundling. Framework-agnostic (works in any test runner).
 */
export { definitionOf } from './definition';
export type { AslDefinition, AslState, AslRetrier, AslCatcher, TemplateSource } from './definition';
export { findTaskState, retrierFor, catcherFor } from './states';
export { runLocally } from './run-locally';
export type { RunLocallyOptions, LocalRun } from './run-locally';
export { testApp } from './app';
export { LocalWorkflow } from './local-workflow';
export type { RunSummary, TaskOutcome } from './local-workflow';
export { LOCAL_RUN_DEFAULTS } from './local-run-options';
export type { LocalRunOptions } from './local-run-options';
export type { FaultSpec, FaultKind } from '../local/faults';
export { addSecurityChecks } from '../constructs/security';
