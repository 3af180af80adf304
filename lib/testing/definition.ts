import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { Workflow } from '../constructs/workflow';
import type { AslCatcher, AslMachine, AslRetrier, AslState } from '../model/asl';

export type { AslCatcher, AslRetrier, AslState };
/** An ASL state machine definition (Amazon States Language), as JSON: the engine's and checks' typed ASL. */
export type AslDefinition = AslMachine;

/** A synthesized template: an assertions `Template` or its JSON (e.g. read from cdk.out). */
export type TemplateSource = Template | { readonly Resources?: Record<string, unknown> };

type CfnResource = { Type: string; Properties?: Record<string, unknown> };

/**
 * The ASL definition of a workflow, with CloudFormation references rendered as `${LogicalId.Arn}`
 * / `${LogicalId}` placeholders. From a `Workflow` construct, a stack holding one (pass the
 * workflow's name when it holds several), or a synthesized template (`Template.fromStack(stack)`
 * or template JSON; the `Fn::Join` and `DefinitionSubstitutions` are resolved). A partitioned
 * workflow gives its parent state machine; its children are `workflow.childStateMachines`.
 */
export function definitionOf(source: Workflow | Stack | TemplateSource, workflowName?: string): AslDefinition {
  if (source instanceof Workflow) return source.renderedDefinition(source.stateMachine) as unknown as AslDefinition;
  if (Stack.isStack(source)) {
    const wf = pick(source.node.findAll().filter((c: IConstruct): c is Workflow => c instanceof Workflow),
      (w) => [w.model.name, w.node.id], workflowName, `stack ${source.stackName}`);
    return wf.renderedDefinition(wf.stateMachine) as unknown as AslDefinition;
  }
  const json = typeof (source as Template).toJSON === 'function' ? (source as Template).toJSON() : source as { Resources?: Record<string, unknown> };
  const machines = Object.entries((json.Resources ?? {}) as Record<string, CfnResource>)
    .filter(([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && !/Child\d+StateMachine/.test(id));
  const [logicalId, resource] = pick(machines, ([id, r]) => [id, ...workflowNamesIn(r)], workflowName, 'the template');
  return definitionFromResource(logicalId, resource);
}

function definitionFromResource(logicalId: string, resource: CfnResource): AslDefinition {
  const props = resource.Properties ?? {};
  if (props.DefinitionString === undefined) {
    throw new Error(`state machine ${logicalId}: its definition is not in the template (an S3 asset, used above 150 tasks); pass the stack or the Workflow construct to definitionOf instead`);
  }
  let text = render(props.DefinitionString);
  for (const [key, value] of Object.entries((props.DefinitionSubstitutions ?? {}) as Record<string, unknown>)) {
    text = text.split(`\${${key}}`).join(render(value));
  }
  return JSON.parse(text) as AslDefinition;
}

/** Renders a CloudFormation value: strings as is, Ref / GetAtt as `${...}` placeholders, Fn::Join joined. */
function render(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = (v ?? {}) as Record<string, unknown>;
  if ('Ref' in o) return `\${${String(o.Ref)}}`;
  if ('Fn::GetAtt' in o) {
    const att = o['Fn::GetAtt'];
    return `\${${Array.isArray(att) ? att.join('.') : String(att)}}`;
  }
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  throw new Error(`cannot render the CloudFormation value ${JSON.stringify(v)} in a state machine definition`);
}

/** The workflow names a state machine's tasks carry (`context.workflow` of their payloads). */
function workflowNamesIn(r: CfnResource): string[] {
  const def = r.Properties?.DefinitionString;
  const text = def === undefined ? '' : JSON.stringify(def);
  return [...text.matchAll(/\\+"workflow\\+":\\+"([^"\\]+)\\+"/g)].map((m) => m[1]);
}

/** The one item named `name` (or the only item when no name is given), else a clear error. */
function pick<T>(items: readonly T[], namesOf: (t: T) => readonly string[], name: string | undefined, where: string): T {
  const found = name === undefined ? items : items.filter((t) => namesOf(t).includes(name));
  if (found.length === 1) return found[0];
  const known = [...new Set(items.map((t) => namesOf(t)[0]))].join(', ') || 'none';
  if (found.length === 0) throw new Error(`${where}: no dagstep workflow${name === undefined ? '' : ` named "${name}"`} (workflows: ${known})`);
  throw new Error(`${where} holds ${found.length} workflows (${known}): pass the workflow's name to definitionOf`);
}
