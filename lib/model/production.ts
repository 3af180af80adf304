import type { Problem } from './errors';
import type { ScheduleModel, WorkflowModel } from './types';

/**
 * Checks of the production fields (`schedule`, `triggers`, `concurrency`, `deployment`) the JSON
 * Schema cannot express: the cron and rate syntax of EventBridge, one of cron/rate, the deployment
 * step sizes. Every problem is returned, naming the field, what was expected and what was received.
 */
export function productionProblems(spec: Pick<WorkflowModel, 'schedule' | 'triggers' | 'concurrency' | 'deployment'>, file: string): Problem[] {
  const problems: Problem[] = [];
  if (spec.schedule) problems.push(...scheduleProblems(spec.schedule, file));
  const d = spec.deployment;
  if (d && d.type === 'all-at-once' && (d.percent !== undefined || d.intervalMinutes !== undefined)) {
    problems.push({ file, field: 'deployment.percent', message: 'percent and intervalMinutes apply to "canary" and "linear" deployments; received them with "all-at-once"' });
  }
  const sqsQueues = (spec.triggers ?? []).filter((t) => 'sqs' in t && t.sqs.queue === undefined).length;
  if (sqsQueues > 1) {
    problems.push({ file, field: 'triggers', message: `at most one sqs trigger may create its queue (name the others with "queue"); received ${sqsQueues}` });
  }
  return problems;
}

function scheduleProblems(s: ScheduleModel, file: string): Problem[] {
  if ((s.cron === undefined) === (s.rate === undefined)) {
    return [{ file, field: 'schedule', message: `expected exactly one of "cron" or "rate", received ${s.cron === undefined ? 'neither' : 'both'}` }];
  }
  const problem = s.cron !== undefined ? cronProblem(s.cron) : rateProblem(s.rate!);
  return problem ? [{ file, field: s.cron !== undefined ? 'schedule.cron' : 'schedule.rate', message: problem }] : [];
}

/** The six fields of an EventBridge cron, with the characters and ranges each accepts. */
const CRON_FIELDS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'minutes', re: /^(\*|[0-5]?\d(-[0-5]?\d)?)(\/\d+)?(,[0-5]?\d(-[0-5]?\d)?)*$/ },
  { name: 'hours', re: /^(\*|([01]?\d|2[0-3])(-([01]?\d|2[0-3]))?)(\/\d+)?(,([01]?\d|2[0-3])(-([01]?\d|2[0-3]))?)*$/ },
  { name: 'day-of-month', re: /^(\?|L|\*|([1-9]|[12]\d|3[01])W?(-([1-9]|[12]\d|3[01]))?)(\/\d+)?(,([1-9]|[12]\d|3[01])(-([1-9]|[12]\d|3[01]))?)*$/ },
  { name: 'month', re: /^(\*|(1[0-2]|0?[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(-(1[0-2]|0?[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))?)(\/\d+)?(,(1[0-2]|0?[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*$/i },
  { name: 'day-of-week', re: /^(\?|\*|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])?(-([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))?)(\/\d+)?(,([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*$/i },
  { name: 'year', re: /^(\*|(19[7-9]\d|2[01]\d\d)(-(19[7-9]\d|2[01]\d\d))?)(\/\d+)?(,(19[7-9]\d|2[01]\d\d))*$/ },
];

const CRON_HELP = 'EventBridge\'s six fields "minutes hours day-of-month month day-of-week year", one of the two day fields "?" (e.g. "0 2 * * ? *" = 02:00 every day)';

/** Why a cron expression is not EventBridge's six-field form, or undefined when it is. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (/^cron\(/i.test(cron.trim())) return `expected the fields only, without "cron(...)"; received "${cron}"`;
  if (fields.length !== 6) return `expected ${CRON_HELP}; received ${fields.length} field(s): "${cron}"`;
  for (let i = 0; i < 6; i++) {
    if (!CRON_FIELDS[i].re.test(fields[i])) return `field ${i + 1} (${CRON_FIELDS[i].name}) "${fields[i]}" is not valid; expected ${CRON_HELP}; received "${cron}"`;
  }
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return `exactly one of day-of-month (field 3) and day-of-week (field 5) must be "?"; received "${cron}"`;
  }
  return undefined;
}

/** Why a rate is not `<n> <unit>` (minute(s), hour(s), day(s); singular for 1), or undefined. */
export function rateProblem(rate: string): string | undefined {
  const m = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(rate);
  if (!m || Number(m[1]) < 1) return `expected "<n> minutes|hours|days" (e.g. "1 day", "15 minutes"), received "${rate}"`;
  if ((Number(m[1]) === 1) !== !m[2].endsWith('s')) {
    return `expected "${m[1]} ${Number(m[1]) === 1 ? m[2].replace(/s$/, '') : `${m[2]}s`}" (EventBridge uses the singular for 1 only), received "${rate}"`;
  }
  return undefined;
}
