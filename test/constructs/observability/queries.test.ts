import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { createQueries, QUERIES } from '../../../lib/constructs/observability/queries';

describe('createQueries', () => {
  test('one saved query per entry, named dagstep/<workflow>/<title>, over every log group', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const groups = [logs.LogGroup.fromLogGroupName(stack, 'A', '/aws/lambda/a'), logs.LogGroup.fromLogGroupName(stack, 'B', '/aws/vendedlogs/states/w')];
    // WHEN
    const made = createQueries(stack, 'w', groups);
    // THEN
    const props = Object.values<any>(Template.fromStack(stack).findResources('AWS::Logs::QueryDefinition')).map((q) => q.Properties);
    expect(made.length).toBe(QUERIES.length);
    expect(props.map((p) => [p.Name, p.LogGroupNames])).toStrictEqual(QUERIES.map((q) => [`dagstep/w/${q.title}`, ['/aws/lambda/a', '/aws/vendedlogs/states/w']]));
  });

  test('the queries read the fields the task wrapper logs', () => {
    // GIVEN / WHEN
    const text = QUERIES.map((q) => q.query.toString()).join('\n');
    // THEN every field is one lambdas/private/observe.ts writes
    const fields = [...new Set(text.match(/\b(taskId|errorClass|executionId|attempt|durationMs|message|level)\b/g))].sort();
    expect(fields).toStrictEqual(['attempt', 'durationMs', 'errorClass', 'executionId', 'level', 'message', 'taskId']);
    expect(text).toContain('message = "task failed"');
    expect(text).toContain('message = "task succeeded"');
    expect(text).toContain('message = "task started"');
  });
});
