import { CompileError, Problem } from '../../model/errors';
import type { WorkflowModel } from '../../model/types';
import { findSecrets, SecretFinding } from './secrets';

/**
 * The secret literals of a workflow that no task acknowledges, as problems naming the file, the
 * task and the field. A task keeps a secret-looking literal that is not a secret by naming the
 * field in `acknowledgeSecrets` with its reason; a workflow-level field cannot be acknowledged.
 */
export function unacknowledgedSecrets(model: WorkflowModel): SecretFinding[] {
  const acknowledged = new Set(model.tasks.flatMap((t) => (t.acknowledgeSecrets ?? []).map((a) => `${t.id}\0${a.field}`)));
  return findSecrets(model).filter((f) => f.taskId === undefined || !acknowledged.has(`${f.taskId}\0${f.field}`));
}

/** What to do about a secret literal (the same words in `dagstep check` and the build). */
export function secretAdvice(f: SecretFinding): string {
  return `looks like ${f.kind}; declare it under the task's secrets: (a Secrets Manager secret or an SSM SecureString) and read it with getSecret() instead`
    + (f.taskId !== undefined ? `, or if it is not a secret say why: acknowledgeSecrets: [{field: "${f.field}", reason: "..."}]` : '');
}

/**
 * Refuses a workflow with an unacknowledged secret literal: run where a workflow is built (its
 * storage, functions and machines, lib/constructs/private/workflow-parts.ts: the Workflow construct,
 * so `cdk synth` and `dagstep run`, and `dagstep compile`'s definitions too), so the value never
 * reaches a template, a definition or a function's environment.
 */
export function assertNoSecretLiterals(model: WorkflowModel): void {
  if (REPORTED.has(model)) return;
  const problems = unacknowledgedSecrets(model).map((f): Problem => ({
    file: model.source, ...(f.taskId !== undefined ? { taskId: f.taskId } : {}), field: f.field, message: secretAdvice(f),
  }));
  if (problems.length > 0) throw new CompileError(problems);
}

/** Models whose secret literals a `dagstep check` report lists (its no-secrets rule) instead. */
const REPORTED = new WeakSet<WorkflowModel>();

/**
 * `dagstep check` renders the workflow to run every rule, and reports secret literals as one of
 * them: the build does not refuse this one model object (in this process only; nothing a spec or
 * a CDK context can set).
 */
export function reportSecretsInsteadOfRefusing(model: WorkflowModel): void {
  REPORTED.add(model);
}
