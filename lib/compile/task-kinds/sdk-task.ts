import * as iam from 'aws-cdk-lib/aws-iam';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { IntegrationCall } from './private/integration-call';
import { renderInputs } from './private/inputs';
import { TaskKind } from './task-kind';

/** SDK service names whose IAM prefix differs (Step Functions' SDK integration uses SDK names). */
export const SDK_IAM_PREFIXES: Readonly<Record<string, string>> = {
  sfn: 'states',
  cloudwatchlogs: 'logs',
  cloudwatchevents: 'events',
  eventbridge: 'events',
  efs: 'elasticfilesystem',
  elasticloadbalancingv2: 'elasticloadbalancing',
  mediapackagevod: 'mediapackage-vod',
  mwaa: 'airflow',
  bedrockagent: 'bedrock',
  bedrockruntime: 'bedrock',
  apigatewayv2: 'apigateway',
  sesv2: 'ses',
  opensearch: 'es',
  emrcontainers: 'emr-containers',
  emrserverless: 'emr-serverless',
};

/** The IAM action of an SDK call: `sfn` + `startExecution` → `states:StartExecution`. */
export function sdkIamAction(service: string, action: string): string {
  return `${SDK_IAM_PREFIXES[service] ?? service}:${action.charAt(0).toUpperCase()}${action.slice(1)}`;
}

/**
 * `sdk: {service, action, parameters, resource}`: any AWS API call through the Step Functions SDK
 * integration (`aws-sdk:<service>:<action>`); the task's result is the API response. The role may
 * call that one action on the resource(s) the task names, nothing else.
 */
export class SdkTask extends TaskKind {
  protected renderCall(scope: Scope): IntegrationCall {
    const sdk = this.task.sdk!;
    const call = new IntegrationCall(this.ctx.construct, this.task.id, {
      integration: `aws-sdk:${sdk.service}:${sdk.action}`,
      parameters: renderInputs(sdk.parameters ?? {}, scope, this.task, this.ctx.model, 'sdk.parameters') as Record<string, unknown>,
      policies: [new iam.PolicyStatement({
        actions: [sdkIamAction(sdk.service, sdk.action)],
        resources: typeof sdk.resource === 'string' ? [sdk.resource] : [...sdk.resource],
      })],
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}
