import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { CompileError } from '../model/errors';
import type { SecretRef, TaskModel, WorkflowModel } from '../model/types';
import { acknowledge } from './security';

/** What a function's secrets environment variable carries: where each secret lives, never its value. */
export type SecretsEnvironment = Readonly<Record<string, SecretRef>>;

/**
 * The secrets of the tasks one function serves, merged. Tasks sharing a handler share a function,
 * so they must agree on what each name refers to.
 */
export function mergedSecrets(model: WorkflowModel, tasks: readonly TaskModel[]): Record<string, SecretRef> {
  const out = new Map<string, { ref: SecretRef; taskId: string }>();
  for (const t of tasks) {
    for (const [name, ref] of Object.entries(t.secrets ?? {})) {
      const seen = out.get(name);
      if (seen && JSON.stringify(seen.ref) !== JSON.stringify(ref)) {
        throw new CompileError({
          file: model.source, taskId: t.id, field: `secrets.${name}`,
          message: `tasks "${seen.taskId}" and "${t.id}" share one function (the same handler) but name different secrets for ${name}; use one reference or separate handlers`,
        });
      }
      out.set(name, { ref, taskId: t.id });
    }
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, v.ref]));
}

/** The ARNs an IAM statement needs for one secret reference (partition-aware, from the stack). */
export function secretResourceArns(scope: IConstruct, ref: SecretRef): string[] {
  const stack = Stack.of(scope);
  if (ref.secretsManager !== undefined) {
    const id = ref.secretsManager;
    // Secrets Manager appends 6 random characters to a secret's ARN: "<name>-??????" matches them.
    if (id.startsWith('arn:')) return /-[A-Za-z0-9]{6}$/.test(id) ? [id] : [`${id}-??????`];
    return [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${id}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })];
  }
  const name = ref.ssm!;
  if (name.startsWith('arn:')) return [name];
  return [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME })];
}

/**
 * Lets a function role read exactly the named secrets: secretsmanager:GetSecretValue on each
 * secret, ssm:GetParameter(s) on each parameter, and kms:Decrypt on a named key only through
 * those services. Nothing is granted when there are no secrets.
 */
export function grantSecretsRead(role: iam.Role, secrets: Readonly<Record<string, SecretRef>>): void {
  const refs = Object.values(secrets);
  const sm = refs.filter((r) => r.secretsManager !== undefined).flatMap((r) => secretResourceArns(role, r));
  const ssm = refs.filter((r) => r.ssm !== undefined).flatMap((r) => secretResourceArns(role, r));
  if (sm.length > 0) {
    role.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: unique(sm) }));
  }
  if (ssm.length > 0) {
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: unique(ssm) }));
  }
  const keys = unique(refs.flatMap((r) => (r.kmsKeyArn ? [r.kmsKeyArn] : [])));
  if (keys.length > 0) {
    const via = [...(sm.length > 0 ? [`secretsmanager.${Aws.REGION}.amazonaws.com`] : []), ...(ssm.length > 0 ? [`ssm.${Aws.REGION}.amazonaws.com`] : [])];
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: keys, conditions: { StringEquals: { 'kms:ViaService': via } } }));
  }
  const wildcards = sm.filter((a) => a.includes('??????'));
  if (wildcards.length > 0) {
    acknowledge(role, wildcards.map((arn) => ({
      id: `AwsSolutions-IAM5[Resource::${Stack.of(role).resolve(arn) instanceof Object ? renderArn(Stack.of(role).resolve(arn)) : arn}]`,
      reason: 'A Secrets Manager ARN ends in 6 random characters; "<name>-??????" matches exactly the one named secret.',
    })));
  }
}

/** cdk-nag's rendering of a resolved ARN (Fn::Join of strings and pseudo parameters). */
function renderArn(resolved: unknown): string {
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return JSON.stringify(resolved);
  return join[1].map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`)).join(join[0]);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
