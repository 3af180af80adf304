import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_MESSAGES } from '../../model/contract';

/** The Logs Insights queries saved for every workflow (CloudFormation QueryDefinition). */
export const QUERIES: readonly { readonly id: string; readonly title: string; readonly query: logs.QueryString }[] = [
  {
    id: 'FailedByErrorClass',
    title: 'failed tasks by error class',
    query: new logs.QueryString({
      fields: ['@timestamp', 'taskId', 'errorClass', 'executionId'],
      filterStatements: [`message = "${LOG_MESSAGES.failed}"`],
      statsStatements: ['count(*) as failures by taskId, errorClass'],
      sort: 'failures desc',
    }),
  },
  {
    id: 'SlowestTasks',
    title: 'slowest tasks',
    query: new logs.QueryString({
      filterStatements: [`message = "${LOG_MESSAGES.succeeded}"`],
      statsStatements: ['max(durationMs) as maxMs, pct(durationMs, 99) as p99Ms, avg(durationMs) as avgMs by taskId'],
      sort: 'p99Ms desc',
      limit: 20,
    }),
  },
  {
    id: 'OneExecution',
    title: 'all log lines of one execution (replace EXECUTION_ARN)',
    query: new logs.QueryString({
      fields: ['@timestamp', 'taskId', 'attempt', 'level', 'message', 'errorClass'],
      filterStatements: ['executionId = "EXECUTION_ARN" or execution_arn = "EXECUTION_ARN"'],
      sort: '@timestamp asc',
    }),
  },
  {
    id: 'RetriesPerTask',
    title: 'retries per task',
    query: new logs.QueryString({
      filterStatements: [`message = "${LOG_MESSAGES.started}"`, 'attempt > 0'],
      statsStatements: ['count(*) as retries by taskId'],
      sort: 'retries desc',
    }),
  },
];

/** Creates the saved queries over the workflow's log groups, named `<workflow>/<title>`. */
export function createQueries(scope: Construct, workflow: string, logGroups: readonly logs.ILogGroup[]): logs.QueryDefinition[] {
  return QUERIES.map((q) => new logs.QueryDefinition(scope, q.id, {
    queryDefinitionName: `dagstep/${workflow}/${q.title}`,
    queryString: q.query,
    logGroups: [...logGroups],
  }));
}
