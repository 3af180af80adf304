import type { StateIo } from '../../io';
import { recordMapRun } from '../../map-runs';
import type { Journal } from '../../redrive';
import type { Frame } from '../../runtime';
import { ChildRecord, writeResults } from '../../s3-memory';
import type { StatesError } from '../../errors';
import type { Json, Machine } from '../../types';

/**
 * The child executions of one Distributed Map run (a Map Run). Each child runs on the parent's
 * runtime (clock, integrations, S3, attempts) but writes its own history, with a history quota of
 * its own (history.ts `child`), as on AWS, so the parent's history holds only the Map Run's events. With a ResultWriter, every child's record
 * (`{ExecutionArn, Name, Input, Status, Output | Error, Cause}`) is kept for the result files.
 */
export class ChildExecutions {
  readonly mapRunArn: string;
  private readonly records: (ChildRecord | undefined)[] = [];
  private readonly keep: boolean;

  constructor(private readonly io: StateIo, private readonly processor: Machine) {
    const { rt, name, state } = io.env;
    const machine = String((rt.contextBase.StateMachine as { Name?: string } | undefined)?.Name ?? 'local');
    const id = Array.from({ length: 32 }, () => Math.floor(rt.random() * 16).toString(16)).join('');
    // The Map Run ARN carries the state's Label, else its name, as AWS recorded (localstack
    // tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, test_map_state_result_writer).
    const label = typeof state.Label === 'string' && state.Label !== '' ? state.Label : name;
    this.mapRunArn = `arn:aws:states:local:000000000000:mapRun:${machine}/${label}:${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    this.keep = state.ResultWriter !== undefined;
  }

  /**
   * Runs child `u` on `input` in its own history (`before`: where a redriven run's child stood);
   * its output, or it throws its error.
   */
  async child(u: number, input: Json, frame: Omit<Frame, 'events'>, before?: Journal): Promise<Json> {
    const rt = this.io.env.rt;
    const output = await rt.runMachine(this.processor, input, { ...frame, events: rt.history.child() }, before);
    this.succeeded(u, input, output);
    return output;
  }

  /** Records child `u` as succeeded with `output` (also one a redrive kept from the earlier run). */
  succeeded(u: number, input: Json, output: Json): void {
    if (this.keep) this.records[u] = { ...this.record(u, input), Status: 'SUCCEEDED', Output: JSON.stringify(output ?? null) };
  }

  /** Records child `u` as failed with `err`. */
  failed(u: number, input: Json, err: StatesError): void {
    if (this.keep) this.records[u] = { ...this.record(u, input), Status: 'FAILED', Error: err.error, ...(err.cause !== undefined ? { Cause: err.cause } : {}) };
  }

  /**
   * Ends the Map Run: its item counts for DescribeMapRun, and with a ResultWriter the result files;
   * returns the Map's output then (`{MapRunArn, ResultWriterDetails}`), else undefined.
   */
  async finish(totalItems: number, failedItems: number, resultWriter: unknown): Promise<Json> {
    const written = this.records.filter((r): r is ChildRecord => r !== undefined);
    recordMapRun(this.mapRunArn, {
      Total: totalItems, Succeeded: totalItems - failedItems, Failed: failedItems, TimedOut: 0, Aborted: 0,
      Pending: 0, Running: 0, ResultsWritten: resultWriter === undefined ? 0 : written.length,
    });
    if (resultWriter === undefined) return undefined;
    const rw = resultWriter as { Parameters?: unknown; Arguments?: unknown };
    const target = await this.io.payload('ResultWriter', rw.Parameters ?? rw.Arguments ?? {}, this.io.effectiveInput()) as { Bucket: string; Prefix?: string };
    return writeResults(this.io.env.rt.s3, target, this.mapRunArn, written);
  }

  private record(u: number, input: Json): Pick<ChildRecord, 'ExecutionArn' | 'Name' | 'Input'> {
    const name = `${this.mapRunArn.split(':').pop()}-${u}`;
    return { ExecutionArn: `${this.mapRunArn.replace(':mapRun:', ':execution:')}:${name}`, Name: name, Input: JSON.stringify(input) };
  }
}

/** One child's work of a batched map: the indexes of its items and its input `{Items, BatchInput}`. */
export interface Batch {
  readonly indexes: number[];
  readonly input: Json;
}

/**
 * ItemBatcher ("ItemBatcher (Map)"): consecutive items, each through the ItemSelector, grouped into
 * batches of at most MaxItemsPerBatch(Path) items and MaxInputBytesPerBatch(Path) bytes; each
 * batch's input is `{Items: [...], BatchInput}` (BatchInput rendered against the Map's input).
 */
export async function batchesOf(io: StateIo, count: number, batcher: Record<string, unknown>,
  select: (i: number) => Promise<Json>, effective: Json): Promise<Batch[]> {
  const limit = async (field: string) => {
    const path = batcher[`${field}Path`];
    const v = typeof path === 'string' ? await io.payload(`ItemBatcher.${field}Path`, { 'v.$': path }, effective).then((r) => (r as { v: unknown }).v) : batcher[field];
    return typeof v === 'number' && v > 0 ? v : Infinity;
  };
  const maxItems = await limit('MaxItemsPerBatch');
  const maxBytes = await limit('MaxInputBytesPerBatch');
  const batchInput = batcher.BatchInput !== undefined ? await io.payload('ItemBatcher.BatchInput', batcher.BatchInput, effective) : undefined;
  const out: Batch[] = [];
  let items: Json[] = [];
  let indexes: number[] = [];
  let bytes = 2;
  const close = () => {
    if (items.length === 0) return;
    out.push({ indexes, input: batchInput === undefined ? { Items: items } : { Items: items, BatchInput: batchInput } });
    items = [];
    indexes = [];
    bytes = 2;
  };
  for (let i = 0; i < count; i++) {
    const v = await select(i);
    const size = Buffer.byteLength(JSON.stringify(v) ?? 'null', 'utf8') + 1;
    if (items.length > 0 && (items.length >= maxItems || bytes + size > maxBytes)) close();
    items.push(v);
    indexes.push(i);
    bytes += size;
  }
  close();
  return out;
}
