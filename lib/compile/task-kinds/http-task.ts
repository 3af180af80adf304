import { Aws } from 'aws-cdk-lib';
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
      policies: httpPolicies(http.connection),
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}

/**
 * The grants of an HTTP Task on its connection (see "Call HTTPS APIs in Step Functions workflows",
 * https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html): read that connection's
 * credentials and the secret EventBridge keeps for it. `states:InvokeHTTPEndpoint` is granted by the
 * Workflow construct on the machine's own ARN ({@link httpEndpointStatement}): here the machine is
 * not known yet, and its default policy naming its own ARN would be a dependency cycle.
 */
export function httpPolicies(connectionArn: string): iam.PolicyStatement[] {
  const m = /^arn:([^:]+):events:([^:]+):(\d{12}):connection\/([^/]+)\//.exec(connectionArn);
  const [, partition, region, account, name] = m ?? [];
  return [
    new iam.PolicyStatement({ actions: ['events:RetrieveConnectionCredentials'], resources: [connectionArn] }),
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [`arn:${partition ?? Aws.PARTITION}:secretsmanager:${region}:${account}:secret:events!connection/${name}/*`],
    }),
  ];
}

/**
 * `states:InvokeHTTPEndpoint` for one HTTP task: on the state machine's ARN and its versions and
 * aliases (`<arn>:*`: executions run on the `live` alias's version), only for the task's exact URL
 * and method (the `states:HTTPEndpoint` / `states:HTTPMethod` condition keys of the page above).
 */
export function httpEndpointStatement(machineArns: readonly string[], url: string, method: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['states:InvokeHTTPEndpoint'],
    resources: machineArns.flatMap((arn) => [arn, `${arn}:*`]),
    conditions: { StringEquals: { 'states:HTTPEndpoint': url, 'states:HTTPMethod': method } },
  });
}
