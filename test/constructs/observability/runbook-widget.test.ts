import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Workflow } from '../../../lib/constructs/workflow';
import { renderRunbook } from '../../../lib/constructs/observability/runbook';
import { testApp } from '../../../lib/testing/app';
import { task, workflow } from '../../support/models';

/** The dashboard body of a template, with references shown as REF. */
function dashboardBody(t: Template): { widgets: { type: string; width: number; height: number; properties: { markdown?: string } }[] } {
  const [body] = Object.values<any>(t.findResources('AWS::CloudWatch::Dashboard')).map((d) => d.Properties.DashboardBody);
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'REF')).join('');
  return JSON.parse(text);
}

describe('embedRunbook', () => {
  test('a Workflow deploys its runbook on its dashboard: the last widget is the whole runbook, with every alarm deployed', () => {
    // GIVEN a workflow with a schedule (its trigger alarms are added after the workflow's own) in a stack of any name
    const model = workflow('media', [task('scan'), task('publish', ['scan'])], { schedule: { rate: '1 day' } });
    const stack = new Stack(testApp(), 'MediaProd');
    // WHEN
    const wf = new Workflow(stack, 'Media', { model });
    // THEN the last widget is the runbook, as `dagstep runbook` renders it for this stack, full width
    const widgets = dashboardBody(Template.fromStack(stack)).widgets;
    const last = widgets[widgets.length - 1];
    const expected = renderRunbook(model, wf.observability!.alarmSpecs(), { stackName: 'MediaProd' });
    expect(last.type).toBe('text');
    expect(last.properties.markdown).toBe(expected);
    expect(last.width).toBe(24);
    expect(last.height).toBe(Math.ceil(expected.split('\n').length / 2) + 1);
    expect(expected).toContain('`media-trigger-failed-starts`');
    expect(widgets[0].properties.markdown!.split('\n')[1]).toMatch(/^Runbook: the last widget of this dashboard/);
  });
});
