import { StatesError } from './errors';

/** Splits a JSONPath (`$.a.b[0]`, `$['a']`, `$.a[*].b`) into steps. */
export function parsePath(path: string): (string | number | '*')[] {
  if (path !== '$' && !path.startsWith('$.') && !path.startsWith('$[')) {
    throw new StatesError('States.Runtime', `invalid JSONPath ${JSON.stringify(path)}`);
  }
  const steps: (string | number | '*')[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\*\]|\.\*/g;
  let m: RegExpExecArray | null;
  let at = 1;
  while ((m = re.exec(path)) !== null) {
    if (m.index !== at) throw new StatesError('States.Runtime', `invalid JSONPath ${JSON.stringify(path)}`);
    at = re.lastIndex;
    if (m[0] === '[*]' || m[0] === '.*') steps.push('*');
    else if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3]);
  }
  if (at !== path.length) throw new StatesError('States.Runtime', `invalid JSONPath ${JSON.stringify(path)}`);
  return steps;
}

const cache = new Map<string, (string | number | '*')[]>();
function steps(path: string) {
  let s = cache.get(path);
  if (!s) { s = parsePath(path); if (cache.size < 10000) cache.set(path, s); }
  return s;
}

/** Reads a JSONPath; a missing field is a States.Runtime error, as in Step Functions. */
export function readPath(data: unknown, path: string): unknown {
  const found = select(data, steps(path), path);
  return found;
}

/** Reads a JSONPath, or undefined when it does not resolve. */
export function tryReadPath(data: unknown, path: string): unknown {
  try {
    return readPath(data, path);
  } catch {
    return undefined;
  }
}

function select(data: unknown, s: readonly (string | number | '*')[], path: string): unknown {
  let cur: unknown = data;
  for (let i = 0; i < s.length; i++) {
    const step = s[i];
    if (step === '*') {
      if (!Array.isArray(cur) && (typeof cur !== 'object' || cur === null)) throw missing(path);
      const items = Array.isArray(cur) ? cur : Object.values(cur as object);
      const rest = s.slice(i + 1);
      return items.flatMap((x) => {
        try { return [select(x, rest, path)]; } catch { return []; }
      });
    }
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) throw missing(path);
      cur = cur[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !(step in (cur as object))) throw missing(path);
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

function missing(path: string): StatesError {
  return new StatesError('States.Runtime', `The JSONPath '${path}' could not be found in the input`);
}

/** ResultPath: puts `value` into a copy of `data` at `path` (`$` replaces, null discards). */
export function writePath(data: unknown, path: string | null | undefined, value: unknown): unknown {
  if (path === null) return data;
  if (path === undefined || path === '$') return value;
  const s = steps(path);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath ${path} to input ${JSON.stringify(data)?.slice(0, 80)}`);
  }
  const root: unknown = { ...(data as object) };
  let cur = root as Record<string, unknown>;
  for (let i = 0; i < s.length; i++) {
    const step = s[i];
    if (typeof step !== 'string') throw new StatesError('States.Runtime', `ResultPath ${path} must name object fields`);
    if (i === s.length - 1) {
      cur[step] = value;
    } else {
      const next = cur[step];
      const copy = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
      cur[step] = copy;
      cur = copy as Record<string, unknown>;
    }
  }
  return root;
}
