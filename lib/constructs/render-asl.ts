import type { LayoutMode, WorkflowModel } from '../model/types';
import type { Plan } from '../graph/plan';
import { renderReferences } from '../compile/references';
import { WorkflowStack } from './workflow-stack';
import { scratchApp } from './scratch-app';

/** A compiled workflow, as the deployed state machine gets it, with placeholders for references. */
export interface CompiledDefinition {
  /** The ASL definition (valid JSON): CloudFormation references rendered as `${LogicalId.Arn}` / `${LogicalId}`. */
  readonly definition: Record<string, unknown>;
  /** Child state machines of a partitioned workflow: placeholder ARN → definition. */
  readonly children: Readonly<Record<string, Record<string, unknown>>>;
  /** Each placeholder a Task uses as a Lambda function, with the handler file and the tasks it serves. */
  readonly functions: Readonly<Record<string, { readonly handler: string; readonly taskIds: readonly string[] }>>;
  /** The placeholder of the dead-letter queue URL. */
  readonly deadLetterQueueUrl: string;
  readonly plan: Plan;
  /** The synthesized CloudFormation template of the workflow's stack. */
  template(): Record<string, unknown>;
}

/** Options of {@link compileDefinition}. */
export interface CompileDefinitionOptions {
  /** @default - the model's layout, else 'balanced' ('sp' when split into child machines) */
  readonly layout?: LayoutMode;
  /** @default 300 (DEFAULT_MAX_TASKS_PER_STATE_MACHINE, see WorkflowProps.maxTasksPerStateMachine) */
  readonly maxTasksPerStateMachine?: number;
}

/**
 * Builds the workflow's real stack (bundling skipped, no AWS access) and returns the exact
 * definition its state machine gets: the same code path as `cdk deploy`, so what is run locally
 * and tested is what is deployed.
 */
export function compileDefinition(model: WorkflowModel, options: CompileDefinitionOptions = {}): CompiledDefinition {
  const scratch = scratchApp();
  try {
    const app = scratch.app;
    const stack = new WorkflowStack(app, undefined, { model, layout: options.layout, maxTasksPerStateMachine: options.maxTasksPerStateMachine });
    const wf = stack.workflow;
    const definition = wf.renderedDefinition(wf.stateMachine);
    const children: Record<string, Record<string, unknown>> = {};
    for (const child of wf.childStateMachines) {
      children[renderReferences(stack, child.stateMachineArn)] = wf.renderedDefinition(child);
    }
    const functions: Record<string, { handler: string; taskIds: readonly string[] }> = {};
    for (const f of wf.functions) {
      functions[renderReferences(stack, f.version.functionArn)] = { handler: f.handler, taskIds: f.taskIds };
    }
    let template: Record<string, unknown> | undefined;
    return {
      definition,
      children,
      functions,
      deadLetterQueueUrl: renderReferences(stack, wf.deadLetterQueue.queueUrl),
      plan: wf.plan.plan,
      template: () => {
        template ??= scratch.synth((assembly) => assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
        return template;
      },
    };
  } finally {
    scratch.dispose();
  }
}
