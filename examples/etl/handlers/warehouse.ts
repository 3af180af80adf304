/** One written partition: how many rows and which batch wrote them. */
export interface PartitionRecord {
  readonly rows: number;
  readonly batchId: string;
}

/**
 * A stand-in for the warehouse database: partitions keyed by name, so writing one twice (a retried
 * load) replaces it instead of duplicating rows.
 */
export class Warehouse {
  private readonly partitions = new Map<string, PartitionRecord>();

  /** Writes a partition (last writer wins). */
  upsert(partition: string, record: PartitionRecord): void {
    this.partitions.set(partition, record);
  }

  /** What is stored for a partition, if it was written. */
  get(partition: string): PartitionRecord | undefined {
    return this.partitions.get(partition);
  }

  /** Rows across every partition. */
  get rows(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.rows;
    return n;
  }

  get size(): number {
    return this.partitions.size;
  }

  /** Empties the store (tests). */
  clear(): void {
    this.partitions.clear();
  }
}

/** The process-wide warehouse the load handler writes to. */
export const warehouse = new Warehouse();
