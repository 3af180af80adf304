/** Everything the HTML run report shows; the CLI fills it from an execution result. */
export interface ReportInput {
  readonly workflow: string;
  readonly executionId: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly makespanSeconds: number;
  readonly transitions: number;
  /**
   * When the execution started on the simulated clock (ms since the epoch): log lines and dead
   * letters are shown on this one clock.
   * @default 0
   */
  readonly startedAt?: number;
  /** The DAG, to draw; `fallback` names the task that runs when this one fails for good. */
  readonly tasks: readonly ReportTask[];
  /** Outcome per task id: SUCCEEDED, FAILED, TIMED_OUT, SKIPPED, NOT_RUN. */
  readonly outcomes: Readonly<Record<string, string>>;
  /** Every task attempt on the simulated time axis (seconds since the execution started). */
  readonly attempts: readonly ReportAttempt[];
  readonly deadLetters: readonly Readonly<Record<string, unknown>>[];
  readonly history: readonly ReportEvent[];
}

export interface ReportTask {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly fallback?: string;
}

export interface ReportAttempt {
  /** The task the attempt belongs to (internal states are folded into their task). */
  readonly taskId: string;
  /** The state that ran, when it is an internal state of the task (dead-letter send, wait) rather than the task itself. */
  readonly internalState?: string;
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly itemIndex?: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
  readonly status: string;
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
