import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { AssetChainDefinitionBody } from '../../lib/compile/asset-definition';
import { INLINE_DEFINITION_MAX_TASKS } from '../../lib/compile/machines';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { task, workflow } from '../support/models';
import { tempDir } from '../support/temp';

describe('AssetChainDefinitionBody', () => {
  test('a workflow over 150 tasks ships its definition as an S3 asset with DefinitionSubstitutions', () => {
    // GIVEN 160 independent pass-through tasks
    expect(INLINE_DEFINITION_MAX_TASKS).toBe(150);
    const outdir = tempDir('dagstep-asset-');
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const model = workflow('big', Array.from({ length: 160 }, (_, i) => task(`t${i}`, [], { sideEffects: 'none' })));
    // WHEN synthesized
    const stack = new WorkflowStack(app, undefined, { model, observability: false });
    const template = Template.fromStack(stack);
    // THEN the state machine has an S3 location and no inline definition
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: Record<string, unknown> }[];
    expect(machines.length).toBe(1);
    const props = machines[0].Properties;
    expect(props.DefinitionString).toBeUndefined();
    expect(Object.keys(props.DefinitionS3Location as object).sort()).toStrictEqual(['Bucket', 'Key']);
    const subs = props.DefinitionSubstitutions as Record<string, unknown>;
    // AND each ${Key} of the asset file has a substitution that is a Ref or GetAtt
    const asset = stack.node.findAll().find((c): c is s3assets.Asset => c instanceof s3assets.Asset && c.node.id === 'DefinitionBody')!;
    app.synth();
    const text = fs.readFileSync(path.join(outdir, asset.assetPath), 'utf8');
    const keys = [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))].sort();
    expect(keys.length > 0).toBe(true);
    expect(Object.keys(subs).sort()).toStrictEqual(keys);
    for (const k of keys) {
      const v = subs[k] as Record<string, unknown>;
      expect(Object.keys(v).length).toBe(1);
      expect(['Ref', 'Fn::GetAtt']).toContain(Object.keys(v)[0]);
    }
    expect(text.includes('"t159"')).toBe(true);
  });

  test('a workflow of 150 tasks keeps an inline definition', () => {
    // GIVEN exactly the limit / WHEN synthesized
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const model = workflow('small', Array.from({ length: 150 }, (_, i) => task(`t${i}`, [], { sideEffects: 'none' })));
    const template = Template.fromStack(new WorkflowStack(app, undefined, { model, observability: false }));
    // THEN
    const props = (Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as { Properties: Record<string, unknown> }).Properties;
    expect(props.DefinitionS3Location).toBeUndefined();
    expect(props.DefinitionString === undefined).toBe(false);
  });

  test('a body that does not ship has the same resolved definition, and no file, asset nor substitutions', () => {
    // GIVEN the same chain bound by a shipping body and by one that does not ship
    const outdir = tempDir('dagstep-asset-');
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const bound = (id: string, ship: boolean) => {
      const stack = new Stack(app, id);
      const chain = new sfn.Pass(stack, 'Start', { parameters: { 'queue.$': '$.q' } });
      const body = new AssetChainDefinitionBody(chain, ship);
      const machine = new sfn.StateMachine(stack, 'Machine', { definitionBody: body });
      body.applySubstitutions(machine);
      return { stack, body, machine };
    };
    const shipped = bound('Shipped', true);
    // WHEN
    const local = bound('Local', false);
    // THEN the definitions are equal; only the shipping one made an asset and a file
    expect(local.body.resolvedDefinition).toStrictEqual(shipped.body.resolvedDefinition);
    const assets = (stack: Stack) => stack.node.findAll().filter((c) => c instanceof s3assets.Asset).length;
    expect([assets(shipped.stack), assets(local.stack)]).toStrictEqual([1, 0]);
    expect((local.machine.node.defaultChild as sfn.CfnStateMachine).definitionSubstitutions).toStrictEqual({});
    expect(fs.readdirSync(path.join(outdir, 'dagstep-definitions')).length).toBe(1);
  });

  test('a body that does not ship renders in one walk what reading it resolved and then rendering gives', () => {
    // GIVEN the same chain (a queue's URL, twice, and a state machine ARN) bound twice without shipping
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bound = (id: string) => {
      const stack = new Stack(app, id);
      const queue = new sqs.Queue(stack, 'Q');
      const send = new tasks.SqsSendMessage(stack, 'Send', { queue, messageBody: sfn.TaskInput.fromObject({ again: queue.queueUrl }) });
      const chain = send.next(new sfn.Pass(stack, 'Done', { parameters: { url: queue.queueUrl, arn: `arn-of:${queue.queueArn}` } }));
      const body = new AssetChainDefinitionBody(chain, false);
      new sfn.StateMachine(stack, 'Machine', { definitionBody: body });
      return body;
    };
    const [oneWalk, twoWalks] = [bound('A'), bound('B')];
    // WHEN one is rendered first, the other read resolved first
    const rendered = oneWalk.renderedDefinition();
    expect(twoWalks.resolvedDefinition).toBeDefined();
    // THEN both render the same, references as placeholders
    expect(rendered).toStrictEqual(twoWalks.renderedDefinition());
    expect(JSON.stringify(rendered)).toContain('${Q');
  });
});

