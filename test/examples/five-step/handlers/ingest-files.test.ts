import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { DEFAULT_FILES, handler } from '../../../../examples/five-step/handlers/ingest-files';

const run = (input: object) => handler(taskEvent('five_step', 'ingest_files', input), LAMBDA_CONTEXT);

describe('five-step ingest_files handler', () => {
  test('lists the files the input names, with their count', async () => {
    // GIVEN the day's files in the input
    // WHEN ingest runs
    // THEN it returns them and how many there are
    await expect(run({ files: ['orders.csv', 'customers.csv', 'stock.csv'] })).resolves.toStrictEqual({ files: ['orders.csv', 'customers.csv', 'stock.csv'], count: 3 });
  });

  test('without files in the input it ingests the three defaults', async () => {
    // GIVEN an input naming no files
    // WHEN ingest runs
    // THEN the defaults are listed
    expect(DEFAULT_FILES).toStrictEqual(['a.csv', 'b.csv', 'c.csv']);
    await expect(run({})).resolves.toStrictEqual({ files: ['a.csv', 'b.csv', 'c.csv'], count: 3 });
  });

  test.each([
    [{ files: 'orders.csv' }, 'ingest_files: input.files must be a list of file names, received "orders.csv"'],
    [{ files: ['orders.csv', 7] }, 'ingest_files: input.files must be a list of file names, received ["orders.csv",7]'],
    [{ files: [''] }, 'ingest_files: input.files must be a list of file names, received [""]'],
  ])('input %j throws ValidationError', async (input, message) => {
    // GIVEN files that are not a list of names
    // WHEN ingest runs
    const out = run(input);
    // THEN it fails fast naming the field
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
