import { processorOf } from '../../model/asl';
import { asStatesError, StatesError, UnsupportedError } from '../errors';
import type { StateIo } from '../io';
import { withRetry } from '../retry';
import { notFoundDetail } from '../jsonpath';
import type { Journal } from '../redrive';
import type { StepResult } from '../runtime';
import { ItemReaderSpec, readItems } from '../s3-memory';
import type { Signal } from '../signal';
import { readRef } from '../template';
import type { Json } from '../types';
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
  return withRetry(io, async (attempt) => {
    const effective = io.effectiveInput();
    const processor = processorOf(state);
    if (!processor) throw new UnsupportedError(name, 'a Map without ItemProcessor');
    const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    const items = distributed && state.ItemReader !== undefined
      ? await readItems(rt.s3, await readerOf(io, effective), name)
      : io.jsonata && state.Items !== undefined ? await io.payload('Items', state.Items, effective) : await itemsOf(io, effective);
    if (!Array.isArray(items)) {
      // As recorded on AWS (localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
      const expr = typeof state.Items === 'string' ? state.Items.slice(2, -2).trim() : '';
      const kind = items === null ? 'null' : typeof items;
      const what = io.jsonata && state.Items === undefined ? `Map state input must be an array but was: ${JSON.stringify(items)}`
        : io.jsonata ? `The JSONata expression '${expr}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${kind}' for value: ${JSON.stringify(items)}` : `Invalid path '${state.ItemsPath}': The ItemsPath field refers to a value that is not a JSON array: ${JSON.stringify(items)}`;
      throw new StatesError(io.jsonata ? 'States.QueryEvaluationError' : 'States.Runtime', what);
    }
    const list = items as Json[];
    const maxConcurrency = count(await io.option('MaxConcurrency'), 'MaxConcurrency', io.jsonata, state.MaxConcurrencyPath) ?? 0;
    const tolerance = {
      percent: count(await io.option('ToleratedFailurePercentage'), 'ToleratedFailurePercentage', io.jsonata, state.ToleratedFailurePercentagePath, 100),
      count: count(await io.option('ToleratedFailureCount'), 'ToleratedFailureCount', io.jsonata, state.ToleratedFailureCountPath),
    };
    const tolerant = distributed && (tolerance.percent !== undefined || tolerance.count !== undefined);
    const selector = state.ItemSelector ?? (io.jsonata ? undefined : state.Parameters);
    const select = async (i: number) => (selector !== undefined
      ? io.withItem({ Map: { Item: { Index: i, Value: list[i] } } }).payload('ItemSelector', selector, effective) : list[i]);
    // The units of work: one item each, or (ItemBatcher) batches of items.
    const batcher = distributed ? state.ItemBatcher as Record<string, unknown> | undefined : undefined;
    const units = batcher ? await batchesOf(io, list.length, batcher, select, effective) : undefined;
    const n = units ? units.length : list.length;
    const itemsIn = (u: number) => (units ? units[u].indexes.length : 1);
    const run = distributed ? new ChildExecutions(io, processor) : undefined;
    const results: Json[] = new Array(n);
    // A redrive reruns only the units (iterations, child executions) that did not succeed
    // (redrive.ts); a Retry reruns them all.
    const prior = attempt === 0 ? io.env.redrive?.children : undefined;
    const journals = new Array<Journal | undefined>(n);
    if (frame.journal) frame.journal.children = journals;
    const signal: Signal = { stopped: false, parent: frame.signal };
    let failedItems = 0;
    let firstError: StatesError | undefined;
    let next = 0;
    let fail!: (e: unknown) => void;
    const failed = new Promise<never>((_, reject) => { fail = reject; });
    failed.catch(() => undefined);
    io.history.add('MapStateStarted', name);
    if (run) io.history.add('MapRunStarted', name, undefined, undefined, { entry: io.env.eventId, mapRunArn: run.mapRunArn });
    const worker = async () => {
      while (next < n && !firstError) {
        const u = next++;
        const item = units ? { Map: { Item: { Index: units[u].indexes[0], Value: list[units[u].indexes[0]] } } } : { Map: { Item: { Index: u,
          Value: list[u] } } };
        const before = prior?.[u];
        let input: Json = null;
        try {
          input = units ? units[u].input : await select(u);
          if (before?.done) {
            journals[u] = before;
            results[u] = before.output ?? null;
            run?.succeeded(u, input, results[u]);
            continue;
          }
          const journal: Journal = journals[u] = {};
          const sub = { extra: { ...frame.extra, ...item }, signal, vars: Object.create(frame.vars) as Record<string, unknown>, ql: frame.ql, journal,
            depth: (frame.depth ?? 0) + 1 };
          if (run) {
            results[u] = await run.child(u, input, sub, before);
          } else {
            io.history.add('MapIterationStarted', name);
            results[u] = await rt.runMachine(processor, input, { ...sub, events: frame.events }, before);
            io.history.add('MapIterationSucceeded', name);
          }
        } catch (e) {
          if (e instanceof UnsupportedError || rt.aborted()) { fail(e); return; }
          if (signal.stopped) return;
          failedItems += itemsIn(u);
          if (!run) io.history.add('MapIterationFailed', name);
          const err = asStatesError(e);
          run?.failed(u, input, err);
          const pct = (100 * failedItems) / list.length;
          const tolerated = tolerant && (tolerance.percent === undefined || pct <= tolerance.percent) && (tolerance.count === undefined ||
            failedItems <= tolerance.count);
          if (!tolerated) {
            firstError = tolerant ? new StatesError('States.ExceedToleratedFailureThreshold', `Map "${name}": ${failedItems} of ${list.length} items failed`) : err;
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
        // The parent's history says why the Map Run failed (AWS: mapRunFailedEventDetails), for the guard.
        const err = asStatesError(e);
        io.history.add('MapRunFailed', name, err.error, err.cause, { entry: io.env.eventId });
        await run.finish(list.length, failedItems, state.ResultWriter);
      }
      throw e;
    }
    // As on AWS: one result per child execution (a batch's result is whatever its child returned).
    let result: Json = results;
    if (run) {
      io.history.add('MapRunSucceeded', name);
      const written = await run.finish(list.length, failedItems, state.ResultWriter);
      if (written !== undefined) result = written;
    }
    io.history.add('MapStateSucceeded', name);
    return { output: await io.finish(result, { resultPath: true }), next: state.End ? undefined : state.Next };
  });
}

/**
 * The ItemReader with its Parameters evaluated and, in JSONPath, ReaderConfig.MaxItemsPath read
 * (from the input or a variable; a numeric string counts) into MaxItems, with AWS's cause for a
 * value that is no integer (localstack tests/aws/services/stepfunctions/v2/scenarios/
 * test_base_scenarios.snapshot.json, test_map_item_reader_csv_max_items_paths).
 */
async function readerOf(io: StateIo, effective: Json): Promise<ItemReaderSpec> {
  const spec = await io.payload('ItemReader', io.env.state.ItemReader, effective) as ItemReaderSpec & { readonly ReaderConfig?: { readonly MaxItemsPath?: unknown } };
  const path = spec.ReaderConfig?.MaxItemsPath;
  if (io.jsonata || typeof path !== 'string') return spec;
  const v = readRef(path, effective, io.scope(effective).context, io.env.frame.vars);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new StatesError('States.Runtime', `The MaxItemsPath field refers to value "${typeof v === 'string' ? v : JSON.stringify(v)}" which is not a valid integer: ${path}`);
  return { ...spec, ReaderConfig: { ...spec.ReaderConfig, MaxItems: n } };
}

async function itemsOf(io: StateIo, effective: Json): Promise<Json> {
  const path = io.env.state.ItemsPath;
  if (path === undefined || path === '$') return effective;
  const r = await io.payload('ItemsPath', { 'v.$': path }, effective).catch((e: unknown) => {
    if (e instanceof StatesError && e.error === 'States.Runtime') throw new StatesError('States.Runtime', `Invalid path '${path}' : ${notFoundDetail(path, effective)}`);
    throw e;
  });
  return (r as { v: Json }).v;
}

/**
 * A non-negative integer option (a number up to 100 for ToleratedFailurePercentage), or undefined
 * when not set, with AWS's causes as recorded (localstack
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json): "The
 * MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.x",
 * "ToleratedFailureCount cannot be negative.", "ToleratedFailurePercentage must be between 0 and 100.".
 */
function count(raw: unknown, field: string, jsonata: boolean, path: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const percent = field === 'ToleratedFailurePercentage';
  // A *Path may reference a numeric string ("1"), which AWS reads as the number.
  const v = typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  const error = jsonata ? 'States.QueryEvaluationError' : 'States.Runtime';
  if (typeof v !== 'number' || (!percent && !Number.isInteger(v))) {
    const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (typeof path === 'string' && !jsonata) throw new StatesError(error, `The ${field}Path field refers to value "${shown}" which is not a valid ${percent ? 'float' : 'integer'}: ${path}`);
    throw new StatesError(error, `The ${field} field must be a non-negative ${percent ? 'number up to 100' : 'integer'}, but was: ${JSON.stringify(v)}`);
  }
  if (percent && (v < 0 || v > max)) throw new StatesError(error, `${field} must be between 0 and 100.`);
  if (v < 0) throw new StatesError(error, `${field} cannot be negative.`);
  return v;
}
