import * as fs from 'fs';
import * as path from 'path';
import { DescribeExecutionCommand, ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DISCOVERY } from '../../../model/contract';
import { DagstepError, isUserError } from '../../../model/errors';
import { loadSpecFile } from '../../../model/spec-loader';
import { aws, OperationError } from '../aws/errors';

/** Folders never searched for a spec. */
const SKIP = new Set(['node_modules', 'cdk.out', 'dist', 'coverage']);
/** How deep below the working directory specs are looked for, and the largest file read. */
const MAX_DEPTH = 4;
const MAX_SPEC_BYTES = 1_000_000;

const passSpec = (why: string) => new OperationError({ file: 'replay', message: `${why}; pass --spec <spec> (the workflow spec or DSL module the execution ran)` });

/**
 * The workflow an execution ran, as discovery names it: DescribeExecution gives the execution's
 * state machine, and the Workflow construct tags that state machine `dagstep:workflow=<name>`
 * (lib/constructs/discovery.ts, the tag `dagstep start` and `dlq` find a workflow by).
 */
export async function workflowOfExecution(sfn: SFNClient, executionArn: string): Promise<string> {
  const exec = await aws(executionArn, () => sfn.send(new DescribeExecutionCommand({ executionArn })), 'states:DescribeExecution');
  const machine = exec.stateMachineArn;
  if (!machine) throw passSpec(`execution ${executionArn} names no state machine`);
  const tags = await aws(machine, () => sfn.send(new ListTagsForResourceCommand({ resourceArn: machine })), 'states:ListTagsForResource');
  const workflow = tags.tags?.find((t) => t.key === DISCOVERY.workflowTag)?.value;
  if (!workflow) throw passSpec(`state machine ${machine} has no ${DISCOVERY.workflowTag} tag (not deployed with the dagstep Workflow construct?)`);
  return workflow;
}

/**
 * The spec file of `workflow` under `dir`: a .json/.yaml/.yml spec whose `name` is the workflow,
 * at most MAX_DEPTH folders down (hidden folders, node_modules, cdk.out and dist skipped). A DSL
 * module is not searched (finding its name means running it): pass it with --spec. None, or more
 * than one, is an error saying to pass --spec.
 */
export function findSpecFile(workflow: string, dir: string): string {
  const named = new RegExp(`"name"\\s*:\\s*"${escape(workflow)}"|^name\\s*:\\s*['"]?${escape(workflow)}['"]?\\s*(#.*)?$`, 'm');
  const found: string[] = [];
  let broken: DagstepError | undefined;
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH && !e.name.startsWith('.') && !SKIP.has(e.name)) walk(p, depth + 1);
      } else if (e.isFile() && /\.(json|ya?ml)$/i.test(e.name)) {
        const r = specOf(p, named, workflow);
        if (r === true) found.push(p);
        else if (r !== false) broken ??= r.error;
      }
    }
  };
  walk(dir, 0);
  const shown = (files: string[]) => files.map((f) => path.relative(dir, f) || f).join(', ');
  // A file naming the workflow that does not load: its own error says what to fix.
  if (found.length === 0 && broken !== undefined) throw broken;
  if (found.length === 0) throw passSpec(`no spec of workflow "${workflow}" (.json/.yaml) found under ${dir}`);
  if (found.length > 1) throw passSpec(`${found.length} specs of workflow "${workflow}" found (${shown(found)})`);
  return found[0];
}

/** True: the workflow's spec; false: another file; `{error}`: a file naming the workflow whose spec has errors. */
function specOf(file: string, named: RegExp, workflow: string): boolean | { error: DagstepError } {
  try {
    if (fs.statSync(file).size > MAX_SPEC_BYTES) return false;
    const text = fs.readFileSync(file, 'utf8');
    if (!named.test(text) || !/"tasks"\s*:|^tasks\s*:/m.test(text)) return false;
  } catch {
    return false;
  }
  try {
    return loadSpecFile(file).name === workflow;
  } catch (e) {
    return isUserError(e) ? { error: e } : false;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
