import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackName } from '../compile/names';
import { renderReferences } from '../compile/references';
import type { WorkflowModel } from '../model/types';
import { buildWorkflowParts } from './private/workflow-parts';
import type { CompileDefinitionOptions, CompiledDefinition } from './render-asl';
import { scratchApp } from './scratch-app';

/** The definitions of a workflow's state machines (see {@link CompiledDefinition}). */
export type MachineDefinitions = Pick<CompiledDefinition, 'definition' | 'children'>;

/**
 * The definitions `compileDefinition` returns, built from what they name only: storage, functions
 * and machines in a scope named like the Workflow construct of the deployed stack (the same logical
 * ids, so the same placeholders, byte for byte), without the workflow's operations (discovery,
 * dead-letter guard, observability, alias, triggers), which no definition names. What `dagstep
 * compile --format asl` and `dagstep check` need; test/scripts/definitions-digest.test.ts holds
 * both to the same digests.
 */
export function compileMachineDefinitions(model: WorkflowModel, options: CompileDefinitionOptions = {}): MachineDefinitions {
  const scratch = scratchApp();
  try {
    const stack = new Stack(scratch.app, stackName(model.name), { stackName: stackName(model.name) });
    // Never synthesized: S3-asset definitions are not written nor staged (the definitions are the same).
    const { machines } = buildWorkflowParts(new Construct(stack, 'Workflow'), { model, ...options }, true);
    // Children rendered on first read: `compile --format asl` prints the parent only (seconds on 10,000 tasks).
    let children: Record<string, Record<string, unknown>> | undefined;
    const renderChildren = () => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const child of machines.children) out[renderReferences(stack, child.stateMachineArn)] = machines.definitionOf(child);
      return out;
    };
    return { definition: machines.definitionOf(machines.main), get children() { return children ??= renderChildren(); } };
  } finally {
    scratch.dispose();
  }
}
