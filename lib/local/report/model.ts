/** Everything the HTML run report shows; the CLI fills it from an execution result. */
export interface ReportInput {
  readonly workflow: string;
  readonly executionId: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly makespanSeconds: number;
  readonly transitions: number;
  /** The DAG, to draw. */
  readonly tasks: readonly { readonly id: string; readonly dependsOn: readonly string[] }[];
  /** Outcome per task id: SUCCEEDED, FAILED, SKIPPED, NOT_RUN. */
  readonly outcomes: Readonly<Record<string, string>>;
  /** Every task attempt on the simulated time axis (seconds since the execution started). */
  readonly attempts: readonly ReportAttempt[];
  readonly deadLetters: readonly Readonly<Record<string, unknown>>[];
  readonly history: readonly ReportEvent[];
}

export interface ReportAttempt {
  readonly taskId: string;
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly itemIndex?: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | string;
  readonly error?: string;
  /** Log and EMF lines the handler wrote during this attempt. */
  readonly logs?: readonly string[];
}

export interface ReportEvent {
  readonly id: number;
  readonly seconds: number;
  readonly type: string;
  readonly state?: string;
  readonly detail?: string;
}
