/**
 * Regular expressions in JSONata run as JavaScript RegExps, which V8 cannot interrupt: a pattern
 * whose quantified group itself holds an unbounded quantifier (`(a+)+`, `(\w*)*`, `(x+){2,}`)
 * can backtrack for hours on a short input. The engine refuses such a pattern before evaluating,
 * so that no expression hangs it; every other pattern is linear enough to run under the
 * evaluation's time budget.
 */
export function backtracksCatastrophically(source: string): boolean {
  // One entry per open group: does it hold an unbounded quantifier (directly or in a sub-group)?
  const stack: boolean[] = [false];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { i++; continue; }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '(') { stack.push(false); continue; }
    if (c === ')' && stack.length > 1) {
      const inner = stack.pop()!;
      const q = unbounded(source, i + 1);
      if (inner && q) return true;
      if (inner || q) stack[stack.length - 1] = true;
      continue;
    }
    if (unbounded(source, i)) stack[stack.length - 1] = true;
  }
  return false;
}

/** `+`, `*` or `{n,}` at `i`. */
function unbounded(s: string, i: number): boolean {
  return s[i] === '+' || s[i] === '*' || (s[i] === '{' && /^\{\d+,\}/.test(s.slice(i, i + 12)));
}

/** Patterns of the regex literals of a JSONata AST. */
export function regexesOf(ast: unknown, out: RegExp[] = [], depth = 0): RegExp[] {
  if (ast === null || typeof ast !== 'object' || depth > 500) return out;
  const node = ast as { type?: unknown; value?: unknown };
  if (node.type === 'regex' && node.value instanceof RegExp) out.push(node.value);
  for (const v of Object.values(ast)) if (v !== null && typeof v === 'object' && !(v instanceof RegExp)) regexesOf(v, out, depth + 1);
  return out;
}
