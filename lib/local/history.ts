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

  constructor(private readonly keep: boolean, private readonly timestamp: () => string) {}

  add(type: string, extra: { stateName?: string; error?: string; cause?: string } = {}): void {
    this.count++;
    if (!this.keep) return;
    this.events.push({ id: this.count, previousEventId: this.count - 1, timestamp: this.timestamp(), type, ...extra });
  }

  /** Events written (kept or not): what counts against the 25,000-event quota. */
  get size(): number {
    return this.count;
  }
}
