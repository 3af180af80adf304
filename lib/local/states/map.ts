import { processorOf } from '../../model/asl';
import { StatesError, UnsupportedError } from '../errors';
import type { StateIo } from '../io';
import { withRetry } from '../retry';
import type { StepResult } from '../runtime';
import { ItemReaderSpec, readItems } from '../s3-memory';
import { asStatesError, Json, Signal } from '../states';
import { batchesOf, ChildExecutions } from './private/map-run';

/**
 * Map: runs the item processor for every item (ItemsPath / Items, or a DISTRIBUTED Map's
 * ItemReader from the run's in-memory S3), each on its ItemSelector input, at most
 * MaxConcurrency(Path) at a time; an INLINE Map fails at its first failed item, a DISTRIBUTED one
 * once ToleratedFailureCount(Path) / ToleratedFailurePercentage(Path) is exceeded.
 *
 * A DISTRIBUTED Map runs each item (or each ItemBatcher batch, `{Items, BatchInput}`) as a child
 * execution with its own history, as Step Functions does ("Each child workflow execution has its
 * own, separate execution history from that of the parent workflow", "Map state processing
 * modes"): the parent records MapRunStarted and MapRunSucceeded/MapRunFailed, not the items. A
 * tolerated failed item's result is its `{Error, Cause}`; with a ResultWriter the results go to
 * S3 and the Map's result is `{MapRunArn, ResultWriterDetails}` (see private/map-run.ts).
 */
export async function runMap(io: StateIo): Promise<StepResult> {
  const { state, rt, name, frame } = io.env;
  return withRetry(io, async () => {
    const effective = io.effectiveInput();
    const processor = processorOf(state);
    if (!processor) throw new UnsupportedError(name, 'a Map without ItemProcessor');
    const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    const items = distributed && state.ItemReader !== undefined
      ? await readItems(rt.s3, await io.payload('ItemReader', state.ItemReader, effective) as unknown as ItemReaderSpec, name)
      : io.jsonata && state.Items !== undefined ? await io.payload('Items', state.Items, effective) : await itemsOf(io, effective);
    if (!Array.isArray(items)) {
      const what = io.jsonata ? `The JSONata expression specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeof items}' for value: ${JSON.stringify(items)}` : `Invalid path '${state.ItemsPath}': The ItemsPath field refers to a value that is not a JSON array: ${JSON.stringify(items)}`;
      throw new StatesError(io.jsonata ? 'States.QueryEvaluationError' : 'States.Runtime', what);
    }
    const maxConcurrency = count(await io.option('MaxConcurrency'), 'MaxConcurrency', io.jsonata) ?? 0;
    const tolerance = {
      percent: count(await io.option('ToleratedFailurePercentage'), 'ToleratedFailurePercentage', io.jsonata, 100),
      count: count(await io.option('ToleratedFailureCount'), 'ToleratedFailureCount', io.jsonata),
    };
    const tolerant = distributed && (tolerance.percent !== undefined || tolerance.count !== undefined);
    const selector = state.ItemSelector ?? (io.jsonata ? undefined : state.Parameters);
    const select = async (i: number) => (selector !== undefined
      ? io.withItem({ Map: { Item: { Index: i, Value: items[i] } } }).payload('ItemSelector', selector, effective) : items[i]);
    // The units of work: one item each, or (ItemBatcher) batches of items.
    const batcher = distributed ? state.ItemBatcher as Record<string, unknown> | undefined : undefined;
    const units = batcher ? await batchesOf(io, items.length, batcher, select, effective) : undefined;
    const n = units ? units.length : items.length;
    const itemsIn = (u: number) => (units ? units[u].indexes.length : 1);
    const run = distributed ? new ChildExecutions(io, processor) : undefined;
    const results: Json[] = new Array(n);
    const signal: Signal = { stopped: false, parent: frame.signal };
    let failedItems = 0;
    let firstError: StatesError | undefined;
    let next = 0;
    let fail!: (e: unknown) => void;
    const failed = new Promise<never>((_, reject) => { fail = reject; });
    failed.catch(() => undefined);
    rt.history.add('MapStateStarted', name);
    if (run) rt.history.add('MapRunStarted', name);
    const worker = async () => {
      while (next < n && !firstError) {
        const u = next++;
        const item = units ? { Map: { Item: { Index: units[u].indexes[0], Value: items[units[u].indexes[0]] } } } : { Map: { Item: { Index: u, Value: items[u] } } };
        let input: Json;
        try {
          input = units ? units[u].input : await select(u);
          if (!run) rt.history.add('MapIterationStarted', name);
          const vars = Object.create(frame.vars);
          results[u] = run
            ? await run.child(u, input, { extra: { ...frame.extra, ...item }, signal, vars, ql: frame.ql })
            : await rt.runMachine(processor, input, { extra: { ...frame.extra, ...item }, signal, vars, ql: frame.ql });
          if (!run) rt.history.add('MapIterationSucceeded', name);
        } catch (e) {
          if (e instanceof UnsupportedError || rt.aborted()) { fail(e); return; }
          if (signal.stopped) return;
          failedItems += itemsIn(u);
          if (!run) rt.history.add('MapIterationFailed', name);
          const err = asStatesError(e);
          run?.failed(u, input, err);
          const pct = (100 * failedItems) / items.length;
          const tolerated = tolerant && (tolerance.percent === undefined || pct <= tolerance.percent) && (tolerance.count === undefined || failedItems <= tolerance.count);
          if (!tolerated) {
            firstError = tolerant ? new StatesError('States.ExceedToleratedFailureThreshold', `Map "${name}": ${failedItems} of ${items.length} items failed`) : err;
            signal.stopped = true;
            fail(firstError);
            return;
          }
          // As AWS gives a failed child's result: its error, never null (a void handler's result).
          results[u] = err.cause !== undefined ? { Error: err.error, Cause: err.cause } : { Error: err.error };
        }
      }
    };
    const width = Math.min(maxConcurrency || n, Math.max(1, n));
    try {
      await Promise.race([Promise.all(Array.from({ length: width }, worker)), failed]);
    } catch (e) {
      if (run) {
        rt.history.add('MapRunFailed', name);
        await run.finish(items.length, failedItems, state.ResultWriter);
      }
      throw e;
    }
    // As on AWS: one result per child execution (a batch's result is whatever its child returned).
    let result: Json = results;
    if (run) {
      rt.history.add('MapRunSucceeded', name);
      const written = await run.finish(items.length, failedItems, state.ResultWriter);
      if (written !== undefined) result = written;
    }
    rt.history.add('MapStateSucceeded', name);
    return { output: await io.finish(result, { resultPath: true }), next: state.End ? undefined : state.Next };
  });
}

async function itemsOf(io: StateIo, effective: Json): Promise<Json> {
  const path = io.env.state.ItemsPath;
  if (path === undefined || path === '$') return effective;
  const r = await io.payload('ItemsPath', { 'v.$': path }, effective).catch((e: unknown) => {
    if (e instanceof StatesError && e.error === 'States.Runtime') throw new StatesError('States.Runtime', `Invalid path '${path}' : No results for path: ${path.replace(/\.([^.[\]]+)/g, "['$1']")}`);
    throw e;
  });
  return (r as { v: Json }).v;
}

/** A non-negative integer option (at most `max`), or undefined when not set. */
function count(raw: unknown, field: string, jsonata: boolean, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  // A *Path may reference a numeric string ("1"), which AWS reads as the number.
  const v = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isInteger(v) && field !== 'ToleratedFailurePercentage' || v < 0 || v > max) {
    throw new StatesError(jsonata ? 'States.QueryEvaluationError' : 'States.Runtime', `The ${field} field must be a non-negative ${field === 'ToleratedFailurePercentage' ? 'number up to 100' : 'integer'}, but was: ${JSON.stringify(v)}`);
  }
  return v;
}
