import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ListStateMachineAliasesCommand, ListStateMachinesCommand, ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { stackName } from '../../../compile/names';
import { DISCOVERY } from '../../../model/contract';
import { arnName, validateArn } from './arns';
import { aws, AwsSetupError, OperationError } from './errors';
import { workflowOutputs } from './stack';

/** Where a deployed workflow lives. */
export interface WorkflowLocation {
  readonly workflow: string;
  readonly stateMachineArn: string;
  /** The `live` alias, when the workflow has one (starts target it). */
  readonly aliasArn?: string;
  readonly deadLetterQueueUrl: string;
  readonly region: string;
  /** The workflow's `concurrency.maxExecutions`, when the SSM parameter carries it. */
  readonly maxExecutions?: number;
  /** How it was found. */
  readonly foundBy: 'ssm' | 'stack' | 'tag';
}

/** The clients discovery uses (one region). */
export interface DiscoveryClients {
  readonly ssm: SSMClient;
  readonly cfn: CloudFormationClient;
  readonly sfn: SFNClient;
}

/** The SSM parameter a workflow's construct writes. */
export const parameterName = (workflow: string): string => `${DISCOVERY.parameterPrefix}${workflow}`;

function location(workflow: string, where: string, foundBy: WorkflowLocation['foundBy'], v: Record<string, unknown>): WorkflowLocation {
  const region = validateArn('stateMachine', v.stateMachineArn, `${where}: stateMachineArn`);
  validateArn('queueUrl', v.deadLetterQueueUrl, `${where}: deadLetterQueueUrl`);
  if (v.aliasArn !== undefined) validateArn('stateMachine', v.aliasArn, `${where}: aliasArn`);
  return {
    workflow, stateMachineArn: v.stateMachineArn as string, deadLetterQueueUrl: v.deadLetterQueueUrl as string, region, foundBy,
    ...(v.aliasArn ? { aliasArn: v.aliasArn as string } : {}),
    ...(Number.isInteger(v.maxExecutions) && (v.maxExecutions as number) > 0 ? { maxExecutions: v.maxExecutions as number } : {}),
  };
}

/** Not found (or not readable) by this method: try the next one. Setup errors (region, credentials) stop. */
async function orMissing<T>(what: string, tried: string[], find: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    const found = await find();
    if (found === undefined) tried.push(`no ${what}`);
    return found;
  } catch (e) {
    // A missing region or credentials stops everything; a denied permission may be specific to this method.
    if (e instanceof AwsSetupError && e.kind !== 'permission') throw e;
    const err = e as { name?: string; message?: string };
    if (e instanceof AwsSetupError || /ParameterNotFound|does not exist|NotFound/.test(`${err.name} ${err.message}`)) {
      tried.push(e instanceof AwsSetupError ? `${what}: permission denied` : `no ${what}`);
      return undefined;
    }
    throw e;
  }
}

async function fromParameter(c: DiscoveryClients, workflow: string): Promise<WorkflowLocation | undefined> {
  const name = parameterName(workflow);
  const res = await aws(name, () => c.ssm.send(new GetParameterCommand({ Name: name })), 'ssm:GetParameter');
  let value: unknown;
  try {
    value = JSON.parse(res?.Parameter?.Value ?? '');
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object') {
    throw new OperationError({ file: `SSM parameter ${name}`, message: `expected JSON {stateMachineArn, deadLetterQueueUrl, region}, received ${JSON.stringify(res?.Parameter?.Value)}` });
  }
  return location(workflow, `SSM parameter ${name}`, 'ssm', value as Record<string, unknown>);
}

async function fromStack(c: DiscoveryClients, workflow: string, stack?: string): Promise<WorkflowLocation> {
  const out = await workflowOutputs(c.cfn, workflow, stack);
  return location(workflow, `stack ${out.stackName}`, 'stack', { stateMachineArn: out.StateMachineArn, deadLetterQueueUrl: out.DeadLetterQueueUrl });
}

async function fromTags(c: DiscoveryClients, workflow: string): Promise<WorkflowLocation | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await aws('state machines', () => c.sfn.send(new ListStateMachinesCommand({ nextToken })), 'states:ListStateMachines');
    for (const sm of page?.stateMachines ?? []) {
      const tags = await aws(sm.stateMachineArn!, () => c.sfn.send(new ListTagsForResourceCommand({ resourceArn: sm.stateMachineArn })), 'states:ListTagsForResource');
      const tag = (key: string) => tags?.tags?.find((t) => t.key === key)?.value;
      if (tag(DISCOVERY.workflowTag) === workflow) {
        return location(workflow, `state machine ${sm.stateMachineArn} (tag ${DISCOVERY.workflowTag})`, 'tag',
          { stateMachineArn: sm.stateMachineArn, deadLetterQueueUrl: tag(DISCOVERY.deadLetterQueueTag) });
      }
    }
    nextToken = page?.nextToken;
  } while (nextToken);
  return undefined;
}

/**
 * Finds a deployed workflow wherever it was deployed: the SSM parameter `/dagstep/<workflow>` its
 * Workflow construct writes, then the outputs of stack `Dagstep-<workflow>` (WorkflowStack), then
 * a state machine tagged `dagstep:workflow=<workflow>`. `--stack` asks that stack only.
 */
export async function findWorkflow(c: DiscoveryClients, workflow: string, stack?: string): Promise<WorkflowLocation> {
  if (stack) return fromStack(c, workflow, stack);
  const tried: string[] = [];
  const found = await orMissing(`SSM parameter ${parameterName(workflow)}`, tried, () => fromParameter(c, workflow))
    ?? await orMissing(`stack ${stackName(workflow)}`, tried, () => fromStack(c, workflow))
    ?? await orMissing(`state machine tagged ${DISCOVERY.workflowTag}=${workflow}`, tried, () => fromTags(c, workflow));
  if (found) return found;
  const region = await c.sfn.config.region().catch(() => 'the configured region');
  throw new OperationError({ file: workflow, message: [
    `workflow not found in ${region}: ${tried.join('; ')}.`,
    '  Deploy it with the dagstep Workflow construct (it writes the parameter and the tag), pass --stack <name> for a stack with',
    '  StateMachineArn and DeadLetterQueueUrl outputs, or --region / --profile where it is deployed.',
  ].join('\n') });
}

/**
 * What StartExecution targets: the workflow's `live` alias when it has one (in-flight executions
 * keep their version; new ones get the deployed one), else the state machine.
 */
export async function startTarget(sfn: SFNClient, loc: WorkflowLocation): Promise<string> {
  if (loc.aliasArn) return loc.aliasArn;
  const res = await aws(loc.stateMachineArn, () => sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: loc.stateMachineArn })), 'states:ListStateMachineAliases');
  const live = (res?.stateMachineAliases ?? []).find((a) => a.stateMachineAliasArn && arnName(a.stateMachineAliasArn) === DISCOVERY.liveAlias);
  return live?.stateMachineAliasArn ?? loc.stateMachineArn;
}
