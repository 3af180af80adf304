import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from '../../model/errors';
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
  if (!fs.existsSync(abs)) throw new SpecError({ file, message: 'file not found' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(abs) as Record<string, unknown>;
  const candidates = ['default', ...Object.keys(mod).filter((k) => k !== 'default')].map((k) => mod[k]);
  for (const c of candidates) {
    const model = asModel(c);
    if (model) return model;
  }
  throw new SpecError({ file, message: 'the module exports no workflow: expected a WorkflowModel, a Workflow (with toModel()) or a function returning one' });
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
