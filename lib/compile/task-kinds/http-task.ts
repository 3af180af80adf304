import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { IntegrationCall } from './private/integration-call';
import { inputPath, renderInputs } from './private/inputs';
import { TaskKind } from './task-kind';

/**
 * `http: {method, url, connection, query, body}`: an HTTPS call (`http:invoke`) authenticated by an
 * EventBridge connection, so no credential is ever in the spec or the definition. The task's result
 * is `{statusCode, body}` (the response body, parsed when it is JSON). The role may call that exact
 * URL with that method, read that connection's credentials and its secret, nothing else.
 */
export class HttpTask extends TaskKind {
  protected renderCall(scope: Scope): IntegrationCall {
    const http = this.task.http!;
    const render = (v: unknown, field: string) => renderInputs(v, scope, this.task, this.ctx.model, field);
    // A body that is one path (`$.input.order`) sends that value; an object has its path values read.
    const body = (b: unknown): Record<string, unknown> => {
      const path = typeof b === 'string' ? inputPath(b, scope, this.task, this.ctx.model, 'http.body') : undefined;
      return path !== undefined ? { 'RequestBody.$': path } : { RequestBody: render(b, 'http.body') };
    };
    const call = new IntegrationCall(this.ctx.construct, this.task.id, {
      integration: 'http:invoke',
      parameters: {
        ApiEndpoint: http.url,
        Method: http.method,
        Authentication: { ConnectionArn: http.connection },
        ...(http.query ? { QueryParameters: render(http.query, 'http.query') } : {}),
        ...(http.body !== undefined ? body(http.body) : {}),
      },
      resultSelector: { 'statusCode.$': '$.StatusCode', 'body.$': '$.ResponseBody' },
      policies: httpPolicies(Stack.of(this.ctx.construct), http.url, http.method, http.connection),
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}

/** The three grants of an HTTP Task (see https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html). */
export function httpPolicies(stack: Stack, url: string, method: string, connectionArn: string): iam.PolicyStatement[] {
  const m = /^arn:([^:]+):events:([^:]+):(\d{12}):connection\/([^/]+)\//.exec(connectionArn);
  const [, partition, region, account, name] = m ?? [];
  return [
    new iam.PolicyStatement({
      actions: ['states:InvokeHTTPEndpoint'],
      resources: [stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      conditions: { StringEquals: { 'states:HTTPEndpoint': url, 'states:HTTPMethod': method } },
    }),
    new iam.PolicyStatement({ actions: ['events:RetrieveConnectionCredentials'], resources: [connectionArn] }),
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [`arn:${partition ?? Aws.PARTITION}:secretsmanager:${region}:${account}:secret:events!connection/${name}/*`],
    }),
  ];
}
