import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { estimateHistoryEvents } from '../lib/compile/checks/rules';
import type { AslMachine } from '../lib/compile/checks/asl-walk';
import { planWorkflow } from '../lib/compile/plan-workflow';
import { compileDefinition } from '../lib/constructs/render-asl';
import { WorkflowStack } from '../lib/constructs/workflow-stack';
import { LocalWorkflow } from '../lib/testing/local-workflow';
import { randomDag } from './dags';

export interface ScaleRow {
  tasks: number; compileMs: number; synthMs: number; stateMachines: number; resources: number;
  templateBytes: number; largestDefinitionBytes: number; historyEventsNominal: number; historyEventsWorst: number;
  transitions?: number;
}

/** Compile and synth of a generated n-task workflow: time, template and definition sizes. */
export async function scaleRow(n: number, runEngine: boolean): Promise<ScaleRow> {
  const model = randomDag(n, 42);
  const t0 = performance.now();
  const compiled = compileDefinition(model);
  const compileMs = performance.now() - t0;
  const t1 = performance.now();
  const app = new App();
  const stack = new WorkflowStack(app, undefined, { model });
  const asm = app.synth();
  const synthMs = performance.now() - t1;
  const art = asm.getStackByName(stack.stackName);
  const template = art.template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const machines = Object.values(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  const sizes = [compiled.definition, ...Object.values(compiled.children)].map((d) => Buffer.byteLength(JSON.stringify(d)));
  const wp = planWorkflow(model);
  // History of the largest single execution (the parent, or the largest child).
  const perMachine = [compiled.definition, ...Object.values(compiled.children)].map((d) => {
    const ids = new Set(collectTaskStates(d as unknown as AslMachine));
    return estimateHistoryEvents({ model: { ...model, tasks: model.tasks.filter((t) => ids.has(t.id)) }, plan: wp, definition: d as unknown as AslMachine });
  });
  let transitions: number | undefined;
  if (runEngine) {
    const { summary } = await new LocalWorkflow(model, compiled).run({ keepHistory: false });
    if (summary.status !== 'SUCCEEDED') throw new Error(`bench: ${n}-task run ${summary.status}`);
    transitions = summary.transitions;
  }
  return {
    tasks: n, compileMs, synthMs, stateMachines: machines.length, resources: Object.keys(template.Resources).length,
    templateBytes: fs.statSync(art.templateFullPath).size, largestDefinitionBytes: Math.max(...sizes),
    historyEventsNominal: Math.max(...perMachine.map((e) => e.nominal)), historyEventsWorst: Math.max(...perMachine.map((e) => e.worst)),
    transitions,
  };
}

function collectTaskStates(m: AslMachine): string[] {
  return Object.entries(m.States).flatMap(([name, s]) => [name, ...(s.Branches ?? []).flatMap(collectTaskStates)]);
}
