import { App, AppProps } from 'aws-cdk-lib';

/**
 * A CDK App for unit tests: Lambda bundling is skipped (no esbuild run, no Docker), so a stack
 * with workflows synthesizes in a fraction of a second, and constructs record no stack traces in
 * their metadata (the `aws:cdk:disable-stack-trace` context, which "omits stack traces from
 * construct metadata entries" (aws-cdk-lib cx-api); templates are the same). Same as
 * `new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true } })`.
 */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, context: { 'aws:cdk:disable-stack-trace': true, ...props.context, 'aws:cdk:bundling-stacks': [] } });
}
