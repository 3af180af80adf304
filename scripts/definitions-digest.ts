/**
 * The sha256 of every state machine definition dagstep compiles for the 21 benchmark DAGs
 * (bench/dags) and the examples (examples/): the proof that a refactor of the compiler leaves
 * definitions byte for byte the same.
 *
 *   npx tsx scripts/definitions-digest.ts            # rewrite test/fixtures/definition-digests.json
 *   npx tsx scripts/definitions-digest.ts --check    # compare both compilers with it; exit 1 on any difference
 *
 * Each definition is digested as the bytes `dagstep compile --format asl` (and `--out-dir`)
 * writes: `JSON.stringify(definition, null, 2)` and a newline, through `compileDefinition`, the
 * code path of the CLI and of `cdk deploy`. Every workflow is compiled as its model says
 * ("default"); each benchmark DAG is compiled again with cross-branch waits ("exact": the
 * coordination table's states) and, with more than PARTITIONED_MAX_TASKS tasks, split into child
 * state machines ("partitioned"), so the digests cover waits and (nested) child machines too.
 * test/scripts/definitions-digest.test.ts recomputes a subset; a change that alters definitions on
 * purpose reruns this script and commits the new file with it.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { benchmarkDags } from '../bench/dags';
import { EXAMPLES } from '../examples';
import { compileMachineDefinitions } from '../lib/constructs/machine-definitions';
import { compileDefinition, CompileDefinitionOptions } from '../lib/constructs/render-asl';
import type { WorkflowModel } from '../lib/model/types';

export const DIGESTS_FILE = path.resolve(__dirname, '../test/fixtures/definition-digests.json');

/** Most tasks per machine of the "partitioned" variant: small enough that most DAGs get children. */
export const PARTITIONED_MAX_TASKS = 40;

/** One workflow compiled one way. */
export interface DigestCase {
  /** `<bench|examples>/<name>:<variant>`, the key in the digests file. */
  readonly key: string;
  readonly load: () => WorkflowModel;
  readonly options: CompileDefinitionOptions;
}

/** Machine ("main", or "child<N> <placeholder ARN>") → sha256 of its definition's bytes. */
export type MachineDigests = Record<string, string>;

/** Every case the digests file holds, in a stable order. */
export function digestCases(): DigestCase[] {
  const cases: DigestCase[] = [];
  for (const dag of benchmarkDags()) {
    const name = `bench/${path.basename(dag.file, '.json')}`;
    cases.push({ key: `${name}:default`, load: () => dag.model, options: {} });
    cases.push({ key: `${name}:exact`, load: () => dag.model, options: { layout: 'exact' } });
    if (dag.model.tasks.length > PARTITIONED_MAX_TASKS) {
      cases.push({ key: `${name}:partitioned`, load: () => dag.model, options: { layout: 'sp', maxTasksPerStateMachine: PARTITIONED_MAX_TASKS } });
    }
  }
  for (const e of EXAMPLES) cases.push({ key: `examples/${e.name}:default`, load: e.load, options: {} });
  return cases;
}

/**
 * How a case is compiled: the whole WorkflowStack (`compileDefinition`, what `cdk deploy` gets,
 * the reference the file is written from), or its storage, functions and machines only
 * (`compileMachineDefinitions`, what `dagstep compile --format asl` and `dagstep check` run).
 */
export const COMPILERS = { stack: compileDefinition, machines: compileMachineDefinitions } as const;

/** The digests of one case's machines: the main state machine first, then its children in order. */
export function digestsOf(c: DigestCase, via: keyof typeof COMPILERS = 'stack'): MachineDigests {
  const compiled = COMPILERS[via](c.load(), c.options);
  const out: MachineDigests = { main: sha256(compiled.definition) };
  Object.entries(compiled.children).forEach(([arn, def], i) => { out[`child${i + 1} ${arn}`] = sha256(def); });
  return out;
}

/**
 * The bytes `dagstep compile --format asl` writes for a definition, digested, with one thing
 * left out: the hash CDK appends to a published Lambda version's logical id
 * (`${...FunctionCurrentVersion<8 hex><32 hex>}`). It hashes the function's properties, and when
 * bundling is skipped (as here) its code asset's hash includes the bundling options with the
 * checkout's absolute path (aws-cdk-lib AssetStaging: a CUSTOM or skipped-bundling hash covers the
 * bundling configuration), so it differs from one clone directory to another. Every other byte
 * counts; the function's configuration is what the version hash covers, and CDK tests cover it.
 */
export function digestText(definition: unknown): string {
  return `${JSON.stringify(definition, null, 2)}\n`.replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}\}/g, '$1}');
}

function sha256(definition: unknown): string {
  return crypto.createHash('sha256').update(digestText(definition)).digest('hex');
}

/** The committed digests, by case key. */
export function committedDigests(): Record<string, MachineDigests> {
  return JSON.parse(fs.readFileSync(DIGESTS_FILE, 'utf8')) as Record<string, MachineDigests>;
}

function main(): void {
  const check = process.argv.includes('--check');
  if (!check) {
    const { all, seconds, machines } = computeAll('stack');
    fs.writeFileSync(DIGESTS_FILE, `${JSON.stringify(all, null, 1)}\n`);
    process.stdout.write(`${DIGESTS_FILE}: ${Object.keys(all).length} cases, ${machines} state machines, ${seconds} s\n`);
    return;
  }
  const committed = committedDigests();
  let failed = false;
  for (const via of Object.keys(COMPILERS) as (keyof typeof COMPILERS)[]) {
    const { all, seconds, machines } = computeAll(via);
    const keys = [...new Set([...Object.keys(committed), ...Object.keys(all)])];
    const differ = keys.filter((k) => JSON.stringify(committed[k]) !== JSON.stringify(all[k]));
    for (const k of differ) process.stdout.write(`${via} ${k}: expected ${JSON.stringify(committed[k])}, received ${JSON.stringify(all[k])}\n`);
    process.stdout.write(`${via}: ${differ.length === 0 ? 'same' : `${differ.length} differ`}: ${keys.length} cases, ${machines} state machines, ${seconds} s\n`);
    failed ||= differ.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

function computeAll(via: keyof typeof COMPILERS): { all: Record<string, MachineDigests>; seconds: string; machines: number } {
  const started = Date.now();
  const all: Record<string, MachineDigests> = {};
  for (const c of digestCases()) all[c.key] = digestsOf(c, via);
  const machines = Object.values(all).reduce((n, d) => n + Object.keys(d).length, 0);
  return { all, seconds: ((Date.now() - started) / 1000).toFixed(1), machines };
}

if (require.main === module) main();
