import * as path from 'path';
import { ExecutionNotRedrivable } from '../../lib/local/errors';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { runLocally } from '../../lib/testing/run-locally';
import { broken, ran } from '../fixtures/redrive/handlers/step';

/*
 * Redrive of a local run, as Step Functions documents RedriveExecution
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html):
 * the execution continues from the unsuccessful step; succeeded steps are not rerun; in a Parallel
 * only the failed branches run again. A child started by a deterministic name is redriven, not
 * started over (StartExecution raises ExecutionAlreadyExists for a closed execution of that name).
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/redrive');
const PARENT = path.join(FIXTURES, 'parent.yaml');
const CHILD = path.join(FIXTURES, 'child.yaml');

beforeEach(() => {
  for (const k of Object.keys(ran)) delete ran[k];
  broken.clear();
});

describe('LocalWorkflow.redrive', () => {
  test('re-runs exactly the failed branch: the other branch and the tasks before it keep their results', async () => {
    // GIVEN the child workflow alone: invoice fails after charge succeeded
    const child = new LocalWorkflow(loadSpecFile(CHILD));
    broken.add('invoice');
    const first = await child.run();
    expect([first.summary.status, first.summary.error]).toStrictEqual(['FAILED', 'Broken']);
    // WHEN the cause is fixed and the run redriven
    broken.clear();
    const { summary } = await child.redrive(first.result);
    // THEN only invoice ran again; charge ran once in all
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.redriven).toStrictEqual({ count: 1, reran: { invoice: 1 } });
    expect(ran).toStrictEqual({ charge: 1, invoice: 1 });
    // AND the redrive is the same execution, and it owes no letter
    expect(summary.executionId).toBe(first.summary.executionId);
    expect(summary.deadLetters).toStrictEqual([]);
  });

  test('a workflow: task resumes its child: the redriven parent redrives the same child, whose succeeded tasks do not run again', async () => {
    // GIVEN the parent: its child's invoice fails, so billing fails while audit, in the other branch, is
    // in flight: its handler ran but the Parallel aborted the branch (NOT_RUN), so a redrive re-runs it
    const parent = new LocalWorkflow(loadSpecFile(PARENT));
    broken.add('invoice');
    const first = await parent.run();
    expect([first.summary.status, first.summary.tasks.billing.status, first.summary.tasks.audit.status, first.summary.tasks.publish.status])
      .toStrictEqual(['FAILED', 'FAILED', 'NOT_RUN', 'NOT_RUN']);
    expect(ran).toStrictEqual({ prepare: 1, audit: 1, charge: 1 });
    // AND the one letter names billing with the child's own error
    expect(first.summary.deadLetters.map((d) => [d.taskId, d.error])).toStrictEqual([['billing', 'Broken']]);
    // WHEN fixed and redriven
    broken.clear();
    const { summary, result } = await parent.redrive(first.result);
    // THEN billing resumed its child (RedriveExecution: only invoice ran), the aborted audit branch and publish ran; prepare and charge did not run again
    expect(summary.status).toBe('SUCCEEDED');
    expect(ran).toStrictEqual({ prepare: 1, audit: 2, charge: 1, invoice: 1, publish: 1 });
    expect(summary.redriven).toStrictEqual({ count: 1, reran: { billing: 1, audit: 1, publish: 1 } });
    const redriven = result.history.slice(result.history.findIndex((e) => e.type === 'ExecutionRedriven'));
    expect(redriven.filter((e) => e.type.endsWith('StateEntered') && e.stateName!.startsWith('billing')).map((e) => e.stateName)).toStrictEqual([
      'billing', 'billing.run', 'billing.locate', 'billing.redrive', 'billing.wait', 'billing.describe', 'billing.status', 'billing.output', 'billing.resumed',
    ]);
    // AND the child's output is billing's result
    expect((result.output as { results: Record<string, unknown> }).results.billing).toStrictEqual({ results: { charge: { ran: 1 }, invoice: { ran: 1 } } });
  });

  test('a redrive that fails again owes the letters of its own run only', async () => {
    // GIVEN a child run whose invoice failed, redriven while invoice is still broken
    const child = new LocalWorkflow(loadSpecFile(CHILD));
    broken.add('invoice');
    const first = await child.run();
    // WHEN
    const second = await child.redrive(first.result);
    // THEN one letter (redrive 1's), and a third run is possible
    expect([second.summary.status, second.summary.redriven]).toStrictEqual(['FAILED', { count: 1, reran: { invoice: 1 } }]);
    expect(second.summary.deadLetters.map((d) => [d.taskId, d.error])).toStrictEqual([['invoice', 'Broken']]);
    broken.clear();
    const third = await child.redrive(second.result);
    expect([third.summary.status, third.summary.redriven]).toStrictEqual(['SUCCEEDED', { count: 2, reran: { invoice: 1 } }]);
    expect(ran).toStrictEqual({ charge: 1, invoice: 1 });
  });

  test('refuses what AWS refuses: a SUCCEEDED run, and a redrive given its own input', async () => {
    // GIVEN a run that succeeded
    const child = new LocalWorkflow(loadSpecFile(CHILD));
    const ok = await child.run();
    // WHEN / THEN
    await expect(child.redrive(ok.result)).rejects.toThrow(ExecutionNotRedrivable);
    broken.add('invoice');
    const failed = await child.run();
    await expect(child.redrive(failed.result, { input: { other: true } })).rejects.toThrow('a redrive runs with the execution\'s own input; give no input');
  });
});

describe('runLocally(...).redrive', () => {
  test('a failed local run redriven from the run itself, with the faults of the redrive only', async () => {
    // GIVEN prepare fails with an injected fault
    const first = await runLocally(CHILD, { faults: ['charge=validation'] });
    expect([first.status, first.tasks.charge.status, first.tasks.invoice.status]).toStrictEqual(['FAILED', 'FAILED', 'NOT_RUN']);
    // WHEN redriven without faults
    const second = await first.redrive();
    // THEN
    expect([second.status, second.redriven]).toStrictEqual(['SUCCEEDED', { count: 1, reran: { charge: 1, invoice: 1 } }]);
    expect(ran).toStrictEqual({ charge: 1, invoice: 1 });
  });
});
