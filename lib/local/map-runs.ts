/** Item counts of a finished Map Run, as DescribeMapRun reports them (`ItemCounts`). */
export interface MapRunCounts {
  readonly Total: number;
  readonly Succeeded: number;
  readonly Failed: number;
  readonly TimedOut: number;
  readonly Aborted: number;
  readonly Pending: number;
  readonly Running: number;
  readonly ResultsWritten: number;
}

/**
 * The Map Runs of local executions, by MapRunArn, for the `aws-sdk:sfn:describeMapRun`
 * integration. Arns are unique (execution name + a fresh id); the oldest are forgotten past a cap
 * so thousands of simulated executions do not grow memory.
 */
const RUNS = new Map<string, MapRunCounts>();
const MAX_RUNS = 10_000;

export function recordMapRun(arn: string, counts: MapRunCounts): void {
  RUNS.set(arn, counts);
  if (RUNS.size > MAX_RUNS) RUNS.delete(RUNS.keys().next().value!);
}

/** DescribeMapRun's answer, or undefined for an unknown arn. */
export function describeMapRun(arn: string): Record<string, unknown> | undefined {
  const c = RUNS.get(arn);
  if (!c) return undefined;
  const failed = c.Failed + c.TimedOut + c.Aborted > 0;
  return { MapRunArn: arn, Status: 'SUCCEEDED', ItemCounts: c, ExecutionCounts: c, ToleratedFailurePercentage: failed ? undefined : 0 };
}
