/** A stand-in for the warehouse: partitions keyed by name, so loading one twice changes nothing. */
class Warehouse {
  private readonly partitions = new Map<string, string>();

  /** Writes a partition (last writer wins). */
  upsert(partition: string, loadedBy: string): void {
    this.partitions.set(partition, loadedBy);
  }

  loadedBy(partition: string): string | undefined {
    return this.partitions.get(partition);
  }

  get size(): number {
    return this.partitions.size;
  }
}

export const warehouse = new Warehouse();
