import { processorOf } from '../../model/asl';
import { StatesError, UnsupportedError } from '../errors';
import type { StateIo } from '../io';
import { withRetry } from '../retry';
import type { Journal } from '../redrive';
import type { StepResult } from '../runtime';
import { asStatesError, Json, Signal } from '../states';

/**
 * Map: runs the item processor for every item (ItemsPath / Items), each on its ItemSelector input,
 * at most MaxConcurrency(Path) at a time; an INLINE Map fails at its first failed item, a
 * DISTRIBUTED one once ToleratedFailureCount(Path) / ToleratedFailurePercentage(Path) is exceeded.
 */
export async function runMap(io: StateIo): Promise<StepResult> {
  const { state, rt, name, frame } = io.env;
  return withRetry(io, async (attempt) => {
    const effective = io.effectiveInput();
    const items = io.jsonata && state.Items !== undefined ? await io.payload('Items', state.Items, effective) : await itemsOf(io, effective);
    if (!Array.isArray(items)) {
      // As recorded on AWS (localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
      const expr = typeof state.Items === 'string' ? state.Items.slice(2, -2).trim() : '';
      const kind = items === null ? 'null' : typeof items;
      const what = io.jsonata ? `The JSONata expression '${expr}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${kind}' for value: ${JSON.stringify(items)}` : `Invalid path '${state.ItemsPath}': The ItemsPath field refers to a value that is not a JSON array: ${JSON.stringify(items)}`;
      throw new StatesError(io.jsonata ? 'States.QueryEvaluationError' : 'States.Runtime', what);
    }
    const maxConcurrency = count(await io.option('MaxConcurrency'), 'MaxConcurrency', io.jsonata, state.MaxConcurrencyPath) ?? 0;
    const tolerance = {
      percent: count(await io.option('ToleratedFailurePercentage'), 'ToleratedFailurePercentage', io.jsonata, state.ToleratedFailurePercentagePath, 100),
      count: count(await io.option('ToleratedFailureCount'), 'ToleratedFailureCount', io.jsonata, state.ToleratedFailureCountPath),
    };
    const processor = processorOf(state);
    if (!processor) throw new UnsupportedError(name, 'a Map without ItemProcessor');
    const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    const selector = state.ItemSelector ?? (io.jsonata ? undefined : state.Parameters);
    const results: Json[] = new Array(items.length);
    // A redrive reruns only the iterations that did not succeed (redrive.ts); a Retry reruns them all.
    const prior = attempt === 0 ? io.env.redrive?.children : undefined;
    const journals: (Journal | undefined)[] = new Array(items.length);
    if (frame.journal) frame.journal.children = journals;
    const signal: Signal = { stopped: false, parent: frame.signal };
    let failures = 0;
    let firstError: StatesError | undefined;
    let next = 0;
    let fail!: (e: unknown) => void;
    const failed = new Promise<never>((_, reject) => { fail = reject; });
    failed.catch(() => undefined);
    io.history.add('MapStateStarted', name);
    const worker = async () => {
      while (next < items.length && !firstError) {
        const i = next++;
        const item = { Map: { Item: { Index: i, Value: items[i] } } };
        const before = prior?.[i];
        if (before?.done) {
          journals[i] = before;
          results[i] = before.output;
          continue;
        }
        const journal: Journal = journals[i] = {};
        // A Distributed Map's iteration is a child execution with a history (and quota) of its own.
        const events = distributed ? rt.history.child() : io.history;
        try {
          const itemInput = selector !== undefined ? await io.withItem(item).payload('ItemSelector', selector, effective) : items[i];
          events.add('MapIterationStarted', name);
          results[i] = await rt.runMachine(processor, itemInput, { extra: { ...frame.extra, ...item }, signal, vars: Object.create(frame.vars), ql: frame.ql, journal, depth: (frame.depth ?? 0) + 1, events: distributed ? events : frame.events }, before);
          events.add('MapIterationSucceeded', name);
        } catch (e) {
          if (e instanceof UnsupportedError || rt.aborted()) { fail(e); return; }
          if (signal.stopped) return;
          failures++;
          events.add('MapIterationFailed', name);
          const pct = (100 * failures) / items.length;
          const tolerated = distributed && (tolerance.percent !== undefined || tolerance.count !== undefined)
            && (tolerance.percent === undefined || pct <= tolerance.percent) && (tolerance.count === undefined || failures <= tolerance.count);
          if (!tolerated) {
            firstError = distributed && (tolerance.percent !== undefined || tolerance.count !== undefined)
              ? new StatesError('States.ExceedToleratedFailureThreshold', `Map "${name}": ${failures} of ${items.length} items failed`)
              : asStatesError(e);
            signal.stopped = true;
            fail(firstError);
            return;
          }
          results[i] = null;
        }
      }
    };
    const width = Math.min(maxConcurrency || items.length, Math.max(1, items.length));
    await Promise.race([Promise.all(Array.from({ length: width }, worker)), failed]);
    io.history.add('MapStateSucceeded', name);
    return { output: await io.finish(results, { resultPath: true }), next: state.End ? undefined : state.Next };
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
