import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { acknowledge } from '../security';
import { resolveJson } from '../../compile/fast-resolve';

/**
 * Why a wildcard in the state machine role's grants for a task kind is the narrowest possible,
 * by the action it allows (see lib/compile/task-kinds/*-task.ts for each grant).
 */
const REASONS: readonly [RegExp, string][] = [
  [/^ecs:RunTask$/, 'RunTask is granted on every revision (family:*) of the workflow\'s own task definition: each deploy adds a revision.'],
  [/^ecs:(StopTask|DescribeTasks)$/, 'ECS task ids are made at run time: StopTask/DescribeTasks (runTask.sync) on tasks of the workflow\'s own cluster only (task/<cluster>/*, condition ecs:cluster).'],
  [/^batch:SubmitJob$/, 'SubmitJob on the named job queue and every revision of the named job definition (a definition named without a revision means its latest).'],
  [/^batch:(DescribeJobs|TerminateJob)$/, 'Batch job ids are made at run time and DescribeJobs has no resource-level permission; Step Functions polls and stops only the job it submitted (submitJob.sync).'],
  [/^secretsmanager:(GetSecretValue|DescribeSecret)$/, 'The secret EventBridge keeps for the named connection (events!connection/<name>/<generated suffix>); no other secret.'],
  [/^states:(DescribeExecution|StopExecution)$/, 'Waiting for a child workflow (startExecution.sync:2) needs DescribeExecution/StopExecution on the executions of that one state machine, whose names are generated at run time.'],
];

/** cdk-nag's rendering of a resolved IAM resource (`<LogicalId.Arn>`, `<AWS::Region>`, other intrinsics as JSON). */
function nagResource(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `<${o.Ref}>`;
  if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(nagResource).join(sep);
  }
  return JSON.stringify(v);
}

/**
 * Acknowledges, on each state machine, the wildcard resources of task-kind grants (and only those
 * whose action is listed above, each with its reason). Call once the states are bound.
 */
export function acknowledgeKindFindings(stateMachines: readonly { readonly role: iam.IRole; readonly node: IConstruct['node'] }[]): void {
  for (const sm of stateMachines) {
    const policy = sm.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    if (!policy) continue;
    // Statements one by one, unmerged, and only the matching ones resolved: a 10,000-task
    // workflow's policy is large, and merged statements (minimizePolicies) could mix two reasons.
    const doc = policy.document.toJSON() as { Statement?: { Action: string | string[]; Resource?: unknown }[] } | undefined;
    const acks = new Map<string, string>();
    for (const st of doc?.Statement ?? []) {
      const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
      const reason = REASONS.find(([re]) => actions.every((a) => re.test(a)))?.[1];
      if (!reason || st.Resource === undefined) continue;
      const resource = resolveJson(Stack.of(policy), st.Resource);
      for (const r of Array.isArray(resource) ? resource : [resource]) {
        const rendered = nagResource(r);
        if (rendered.includes('*')) acks.set(`AwsSolutions-IAM5[Resource::${rendered}]`, reason);
      }
    }
    acknowledge(sm as unknown as IConstruct, [...acks].map(([id, reason]) => ({ id, reason })));
  }
}
