import * as fs from 'fs';
import * as path from 'path';
import { isUserError, SpecError } from '../../model/errors';
import { loadSpecFile } from '../../model/spec-loader';
import type { WorkflowModel } from '../../model/types';

/**
 * Loads a workflow from a spec file (.json, .yaml, .yml) or a TypeScript/JavaScript module written
 * with the DSL. A module may export (default first, then any named export): a WorkflowModel, a DSL
 * `WorkflowBuilder` (anything with `toModel()`), or a function of no arguments returning either.
 */
export function loadWorkflow(file: string): WorkflowModel {
  const abs = path.resolve(file);
  if (/\.(json|ya?ml)$/i.test(abs)) return loadSpecFile(abs);
  if (!/\.(ts|js|cjs|mjs|mts|cts)$/i.test(abs)) {
    throw new SpecError({ file, message: 'expected a spec file (.json, .yaml, .yml) or a DSL module (.ts, .js)' });
  }
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new SpecError({ file, message: 'file not found' });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's DSL module, loaded by path at run time
    const mod = require(abs) as Record<string, unknown>;
    const candidates = ['default', ...Object.keys(mod).filter((k) => k !== 'default')].map((k) => mod[k]);
    for (const c of candidates) {
      const model = asModel(c);
      if (model) return model;
    }
  } catch (e) {
    if (isUserError(e)) throw e;
    throw new SpecError({ file, message: thrownMessage(e, abs) });
  }
  throw new SpecError({ file, message: 'the module exports no workflow: expected a WorkflowModel, a Workflow (with toModel()) or a function returning one' });
}

/**
 * What a DSL module threw, as the user's error: the thrown message and the top stack frame in the
 * user's own code (not dagstep's, not node_modules, not Node's), never dagstep's stack.
 */
export function thrownMessage(e: unknown, file: string): string {
  const err = e instanceof Error ? e : undefined;
  const text = err ? `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}` : `threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
  const frames = (err?.stack ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('at '));
  const own = path.resolve(__dirname, '..', '..', '..');
  const user = frames.find((l) => l.includes(file))
    ?? frames.find((l) => /[/\\]/.test(l) && !l.includes('node_modules') && !l.includes('node:') && !l.includes(path.join(own, 'lib')));
  const first = (e as { errors?: { text?: string; location?: { file?: string; line?: number; column?: number } | null }[] } | undefined)?.errors?.[0];
  if (first?.text) {
    const at = first.location ? ` (${first.location.file ?? file}:${first.location.line}:${(first.location.column ?? 0) + 1})` : '';
    return `does not compile: ${first.text}${at}`;
  }
  const detail = /^(\S*Error: )?Transform failed/.test(text) ? text.split('\n').slice(1).find((l) => l.includes('ERROR')) : undefined;
  if (detail) return `does not compile: ${detail.trim()}`;
  return `${text.split('\n')[0]}${user ? `\n  thrown ${user}` : ''}`;
}

function asModel(v: unknown): WorkflowModel | undefined {
  if (typeof v === 'function' && v.length === 0 && !/^class\s/.test(Function.prototype.toString.call(v))) {
    return asModel((v as () => unknown)());
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.toModel === 'function') return (o.toModel as () => WorkflowModel)();
    if (typeof o.name === 'string' && Array.isArray(o.tasks) && typeof o.source === 'string') return o as unknown as WorkflowModel;
  }
  return undefined;
}
