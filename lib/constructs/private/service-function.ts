import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../model/contract';
import { bundlingRootsOf, packagedLambda, PINNED_VERSION_OPTIONS } from '../functions';

/** Options of a dagstep-owned function (not a task). */
export interface ServiceFunctionProps {
  readonly workflowName: string;
  /** Path under lambdas/, e.g. `concurrency/release.ts` (the built .js in the installed package). */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** X-Ray active tracing (its grant is on `*`, as X-Ray requires). @default true */
  readonly tracing?: boolean;
  /** Retries of an asynchronous invocation. @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /** How long Lambda keeps an asynchronous invocation it could not run yet. @default Duration.hours(6) (Lambda's default) */
  readonly maxEventAge?: Duration;
  /** Where an asynchronous invocation goes after its retries. @default - none */
  readonly onFailure?: lambda.IDestination;
}

/** A function of dagstep's own (release, dispatch): explicit role, own log group, ARM, X-Ray, bundled with local esbuild. */
export function serviceFunction(scope: Construct, id: string, props: ServiceFunctionProps): { fn: lambda.Function; role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `dagstep ${props.workflowName}: ${props.description}`.slice(0, 1000),
  });
  logGroup.grantWrite(role);
  const fn = new nodejs.NodejsFunction(scope, id, {
    role,
    entry: packagedLambda(props.entry),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: props.timeout ?? Duration.seconds(30),
    tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
    logGroup,
    description: `dagstep ${props.workflowName}: ${props.description}`.slice(0, 256),
    environment: { [ENV.workflow]: props.workflowName, ...props.environment },
    ...bundlingRootsOf(packagedLambda(props.entry)),
    retryAttempts: props.retryAttempts,
    maxEventAge: props.maxEventAge,
    onFailure: props.onFailure,
    // Retained when a state machine invokes `currentVersion` (a version its definition pins).
    currentVersionOptions: PINNED_VERSION_OPTIONS,
    bundling: { forceDockerBundling: false, target: 'node24', minify: true, sourceMap: true, externalModules: ['@aws-sdk/*'] },
  });
  return { fn, role };
}
