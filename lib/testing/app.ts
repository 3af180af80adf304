import { App, AppProps } from 'aws-cdk-lib';

/**
 * A CDK App for unit tests: Lambda bundling is skipped (no esbuild run, no Docker), so a stack
 * with workflows synthesizes in a fraction of a second. Same as
 * `new App({ context: { 'aws:cdk:bundling-stacks': [] } })`.
 */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...props.context, 'aws:cdk:bundling-stacks': [] } });
}
