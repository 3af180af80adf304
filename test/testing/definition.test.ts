import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Workflow } from '../../lib/constructs/workflow';
import { testApp } from '../../lib/testing/app';
import { definitionOf } from '../../lib/testing/definition';
import { task, workflow } from '../support/models';

function stackWith(...names: string[]): { stack: Stack; workflows: Workflow[] } {
  const stack = new Stack(testApp(), 'S');
  const workflows = names.map((n) => new Workflow(stack, `Wf${n}`, { model: workflow(n, [task('a'), task('b', ['a'])]), observability: false }));
  return { stack, workflows };
}

describe('definitionOf', () => {
  test('a template, its JSON, the stack and the construct give the same definition', () => {
    // GIVEN
    const { stack, workflows: [wf] } = stackWith('one');
    const template = Template.fromStack(stack);
    // WHEN
    const fromTemplate = definitionOf(template);
    // THEN
    expect(fromTemplate).toStrictEqual(wf.renderedDefinition(wf.stateMachine));
    expect(definitionOf(template.toJSON())).toStrictEqual(fromTemplate);
    expect(definitionOf(stack)).toStrictEqual(fromTemplate);
    expect(definitionOf(wf)).toStrictEqual(fromTemplate);
    expect(fromTemplate.States.a).toMatchObject({ Type: 'Task', Resource: expect.stringMatching(/^\$\{WfonePassthroughFunctionCurrentVersion[0-9A-Fa-f]+\}$/) });
  });

  test('with several workflows, the name picks one; without it the error lists them', () => {
    // GIVEN
    const { stack } = stackWith('one', 'two');
    const template = Template.fromStack(stack);
    // WHEN / THEN
    expect(JSON.stringify(definitionOf(template, 'two'))).toContain('"workflow":"two"');
    expect(definitionOf(stack, 'two')).toStrictEqual(definitionOf(template, 'two'));
    expect(() => definitionOf(template)).toThrow('the template holds 2 workflows');
    expect(() => definitionOf(stack, 'three')).toThrow('stack S: no dagstep workflow named "three" (workflows: one, two)');
  });

  test('Fn::Join parts and DefinitionSubstitutions are rendered as ${...} placeholders', () => {
    // GIVEN a hand-written template
    const template = { Resources: { Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: {
      DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"a","States":{"a":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['Fn', 'Arn'] }, '","Parameters":{"q":"${queue}"},"End":true}}}']] },
      DefinitionSubstitutions: { queue: { Ref: 'Queue' } },
    } } } };
    // WHEN
    const asl = definitionOf(template);
    // THEN
    expect(asl).toStrictEqual({ StartAt: 'a', States: { a: { Type: 'Task', Resource: '${Fn.Arn}', Parameters: { q: '${Queue}' }, End: true } } });
  });

  test('a definition shipped as an S3 asset says to pass the stack instead', () => {
    // GIVEN a workflow above the inline limit
    const stack = new Stack(testApp(), 'Big');
    const tasks = Array.from({ length: 160 }, (_, i) => task(`t${i}`));
    new Workflow(stack, 'Wf', { model: workflow('big', tasks), observability: false });
    // WHEN / THEN
    expect(() => definitionOf(Template.fromStack(stack))).toThrow('its definition is not in the template (an S3 asset, used above 150 tasks); pass the stack or the Workflow construct to definitionOf instead');
    expect(Object.keys(definitionOf(stack).States)).toContain('dagstep.init');
  });
});
