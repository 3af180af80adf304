import type { Problem } from '../errors';

/**
 * Values AWS rejects at deploy time (or that crash a synth deep inside CDK), checked when the spec
 * is loaded so the error names the file, the task and the field and says what was expected.
 */

/**
 * EventBridge Scheduler takes IANA time zone names (ScheduleExpressionTimezone). Node lists one
 * name per zone (`Intl.supportedValuesOf('timeZone')`, CLDR's: `Asia/Calcutta`); the zone's other
 * IANA names (`Asia/Kolkata`) are links ICU resolves, accepted when they have the Area/Location form.
 */
let zones: Set<string> | undefined;
export function isTimeZone(tz: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (zones.has(tz)) return true;
  if (!/^[A-Z][A-Za-z_]+(\/[A-Z][A-Za-z0-9_-]+)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fargate's cpu / memory pairs, from the table "Task CPU and memory" of "Amazon ECS task
 * definition parameters for Fargate"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size):
 * cpu units → memory MiB from, to, in steps of.
 */
const FARGATE: Readonly<Record<number, readonly [number, number, number]>> = {
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

/** The memory sizes Fargate allows with `cpu`. */
export function fargateMemories(cpu: number): number[] {
  // 0.25 vCPU: 512 MiB, 1 GB or 2 GB.
  if (cpu === 256) return [512, 1024, 2048];
  const range = FARGATE[cpu];
  if (!range) return [];
  const out: number[] = [];
  for (let m = range[0]; m <= range[1]; m += range[2]) out.push(m);
  return out;
}

/** An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>` (region and account may be empty). */
const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:([a-z]{2}(-[a-z]+)+-\d)?:(\d{12})?:.+$/;
export function isArn(v: string): boolean {
  return ARN.test(v);
}

/**
 * S3 general purpose bucket naming rules ("General purpose bucket naming rules",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3-63 characters of
 * lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two
 * adjacent dots, not an IP address, not the reserved prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `expected 3-63 characters, received ${name.length}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'expected lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit';
  if (name.includes('..')) return 'expected no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'expected a name, not an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'expected no reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)';
  return undefined;
}

/**
 * CloudWatch takes a dimension value of at most 255 characters ("Dimension", CloudWatch API
 * Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html).
 * An SDK task's integration ARN is one (`arn:<partition>:states:::aws-sdk:<service>:<action>`, the
 * longest partition `aws-us-gov`): its service and action together may take 222.
 */
export const MAX_DIMENSION_VALUE = 255;
export const sdkDimensionLength = (service: string, action: string): number => `arn:aws-us-gov:states:::aws-sdk:${service}:${action}`.length;

/** SDK actions that only read (IAM access levels List/Read): anything else changes something. */
const READ_ONLY_ACTION = /^(get|list|describe|head|batchGet|query|scan|search|lookup|select|check|validate|estimate|preview|test|filter)[A-Z]?/;
export const isMutatingAction = (action: string): boolean => !READ_ONLY_ACTION.test(action);

/** Sources whose events a workflow must not start on: its own state changes (aws.states) would start it again. */
export function forbiddenSourceProblem(pattern: Readonly<Record<string, unknown>>): string | undefined {
  const source = pattern.source;
  const sources = Array.isArray(source) ? source : source === undefined ? [] : [source];
  const matches = sources.some((s) => s === 'aws.states' || (s !== null && typeof s === 'object' && typeof (s as { prefix?: unknown }).prefix === 'string' && 'aws.states'.startsWith((s as { prefix: string }).prefix)));
  return matches
    ? 'expected a source other than aws.states: Step Functions\' own execution events would start the workflow on its own executions (a loop); start a follow-up workflow with a workflow: task instead'
    : undefined;
}

/** The spec fields these rules read (a loaded spec, schema-valid). */
interface AwsValuesSpec {
  readonly schedule?: { readonly timezone?: string };
  readonly triggers?: readonly object[];
  readonly tasks: readonly {
    readonly id: string;
    readonly container?: { readonly cpu?: number; readonly memory?: number };
    readonly map?: { readonly itemReader?: { readonly bucket: string } };
    readonly sdk?: { readonly service: string; readonly action: string; readonly resource: string | readonly string[]; readonly wildcardReason?: string };
  }[];
}

/** Every value of a spec AWS would reject, each naming file, task and field, expected vs received. */
export function awsValueProblems(spec: AwsValuesSpec, file: string): Problem[] {
  const problems: Problem[] = [];
  const tz = spec.schedule?.timezone;
  if (tz !== undefined && !isTimeZone(tz)) {
    problems.push({ file, field: 'schedule.timezone', message: `expected an IANA time zone name such as "Europe/Paris" or "UTC", received "${tz}"` });
  }
  (spec.triggers ?? []).forEach((t, i) => {
    const pattern = (t as { eventPattern?: Readonly<Record<string, unknown>> }).eventPattern;
    const problem = pattern ? forbiddenSourceProblem(pattern) : undefined;
    if (problem) problems.push({ file, field: `triggers[${i}].eventPattern.source`, message: problem });
  });
  for (const t of spec.tasks) {
    const where = { file, taskId: t.id };
    if (t.container && (t.container.cpu !== undefined || t.container.memory !== undefined)) {
      const cpu = t.container.cpu ?? 256;
      const memory = t.container.memory ?? 512;
      const allowed = fargateMemories(cpu);
      if (!allowed.includes(memory)) {
        problems.push({ ...where, field: 'container.memory', message: `expected a memory Fargate allows with cpu ${cpu} (${allowed.length <= 4 ? allowed.join(', ') : `${allowed[0]} to ${allowed[allowed.length - 1]} in steps of ${allowed[1] - allowed[0]}`} MiB), received ${memory}${t.container.memory === undefined ? ' (the default)' : ''}` });
      }
    }
    const bucket = t.map?.itemReader?.bucket;
    const bucketProblem = bucket !== undefined ? bucketNameProblem(bucket) : undefined;
    if (bucketProblem) problems.push({ ...where, field: 'map.itemReader.bucket', message: `${bucketProblem} in an S3 bucket name, received "${bucket}"` });
    if (t.sdk) {
      const length = sdkDimensionLength(t.sdk.service, t.sdk.action);
      if (length > MAX_DIMENSION_VALUE) {
        problems.push({ ...where, field: 'sdk.action', message: `expected service and action of at most ${MAX_DIMENSION_VALUE - sdkDimensionLength('', '')} characters together (the integration ARN is a CloudWatch dimension value, at most ${MAX_DIMENSION_VALUE}), received ${t.sdk.service.length + t.sdk.action.length}` });
      }
      const resources = typeof t.sdk.resource === 'string' ? [t.sdk.resource] : t.sdk.resource;
      resources.forEach((r, i) => {
        const field = typeof t.sdk!.resource === 'string' ? 'sdk.resource' : `sdk.resource[${i}]`;
        if (r === '*') {
          if (isMutatingAction(t.sdk!.action) && t.sdk!.wildcardReason === undefined) {
            problems.push({ ...where, field, message: `expected the ARN(s) ${t.sdk!.service}:${t.sdk!.action} acts on: "*" lets a mutating action change every resource of the account; if the action supports no resource-level permission, say so in sdk.wildcardReason` });
          }
        } else if (!isArn(r)) {
          problems.push({ ...where, field, message: `expected an ARN (arn:<partition>:<service>:<region>:<account>:<resource>) or "*", received "${r.slice(0, 120)}"` });
        }
      });
    }
  }
  return problems;
}
