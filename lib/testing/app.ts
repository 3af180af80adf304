import { App, AppProps } from 'aws-cdk-lib';

/**
 * The context {@link testApp} sets: construct metadata without stack traces. `aws:cdk:disable-stack-trace`
 * "omits stack traces from construct metadata entries", and `aws:cdk:disable-creation-stack-traces`:
 * "construct stack traces will not be captured upon creation ... You should only need to set this
 * for performance reasons" (aws-cdk-lib cx-api). Templates are the same; a trace costs a stack
 * capture per resource, source-mapped under jest.
 */
const QUIET_METADATA_CONTEXT = { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } as const;

/**
 * A CDK App for unit tests: Lambda bundling is skipped (no esbuild run, no Docker), so a stack
 * with workflows synthesizes in a fraction of a second, and constructs record no stack traces in
 * their metadata ({@link QUIET_METADATA_CONTEXT}; the caller's context wins). Same as
 * `new App({ context: { ...QUIET_METADATA_CONTEXT, 'aws:cdk:bundling-stacks': [] } })`.
 */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...QUIET_METADATA_CONTEXT, ...props.context, 'aws:cdk:bundling-stacks': [] } });
}
