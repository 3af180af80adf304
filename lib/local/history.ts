/** One execution history event, shaped like Step Functions' (timestamps in simulated time). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly stateName?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** Collects history events, or only counts them (`keep: false`) for big runs. */
export class History {
  readonly events: HistoryEvent[] = [];
  private count = 0;

  /** `previous`: a redriven run's history, which this one continues (ids go on from its last event). */
  constructor(private readonly keep: boolean, private readonly timestamp: () => string, previous?: { readonly history: readonly HistoryEvent[]; readonly historyEvents: number }) {
    if (previous) {
      this.count = previous.historyEvents;
      if (keep) this.events.push(...previous.history);
    }
  }

  /** Adds an event and returns its id. */
  add(type: string, stateName?: string, error?: string, cause?: string): number {
    this.count++;
    if (!this.keep) return this.count;
    const e: { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] } = { id: this.count, previousEventId: this.count - 1, timestamp: this.timestamp(), type };
    if (stateName !== undefined) e.stateName = stateName;
    if (error !== undefined) e.error = error;
    if (cause !== undefined) e.cause = cause;
    this.events.push(e);
    return this.count;
  }

  /** Events written (kept or not): what counts against the 25,000-event quota. */
  get size(): number {
    return this.count;
  }
}
