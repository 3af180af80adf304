import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aws, Fn, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { resolveJson, resolveRenderedJson } from './fast-resolve';
import { renderResolvedJson } from './references';

/**
 * A chain definition shipped as an S3 asset instead of inline in the template, with
 * CloudFormation references passed as `DefinitionSubstitutions`. Large workflows need it: a
 * template is capped at 1 MB, a definition at 1 MB, and an inline definition counts against both.
 * IAM grants of the states are kept (it is still a chain definition to the state machine).
 * Call {@link applySubstitutions} on the state machine after it is created.
 */
export class AssetChainDefinitionBody extends sfn.ChainDefinitionBody {
  private substitutions: Record<string, string> = {};
  private resolved?: unknown;
  /** The stack and the graph's JSON (tokens unresolved) of a definition not shipped, once bound. */
  private unresolved?: { stack: Stack; json: () => unknown };

  /**
   * @param ship false when only `resolvedDefinition` is read and the template is never
   * synthesized (`dagstep compile --format asl`, `dagstep check`): no file, asset nor
   * substitutions are made, and the state machine names no S3 location (its Bucket and Key are
   * left empty). @default true
   */
  constructor(chainable: sfn.IChainable, private readonly ship = true) {
    super(chainable);
  }

  /**
   * The definition as resolved JSON (CloudFormation intrinsics still as objects), once bound.
   * Without shipping it is rendered on first read: `dagstep compile --format asl` prints the parent
   * of a partitioned workflow only, and rendering its ~30 children's states took seconds on
   * 10,000 tasks (a state's JSON depends on the state alone, not on when it is rendered).
   */
  public get resolvedDefinition(): unknown {
    if (this.resolved === undefined && this.unresolved) this.resolved = resolveJson(this.unresolved.stack, this.unresolved.json());
    return this.resolved;
  }

  /**
   * `renderResolvedJson(resolvedDefinition)`: references as `${...}` placeholders. A definition
   * not shipped and not read resolved is resolved and rendered in one walk (resolveRenderedJson).
   */
  public renderedDefinition(): unknown {
    if (this.resolved === undefined && this.unresolved) return resolveRenderedJson(this.unresolved.stack, this.unresolved.json());
    return renderResolvedJson(this.resolvedDefinition);
  }

  public bind(scope: Construct, _principal: iam.IPrincipal, props: sfn.StateMachineProps, graph?: sfn.StateGraph): sfn.DefinitionConfig {
    const stack = Stack.of(scope);
    const graphJson = () => ({ ...graph!.toGraphJson(props.queryLanguage), Comment: props.comment });
    if (!this.ship) {
      this.unresolved = { stack, json: graphJson };
      return { definitionS3Location: { bucket: '', key: '' } };
    }
    const json = resolveJson(stack, graphJson());
    this.resolved = json;
    const subs: Record<string, string> = {};
    const text = JSON.stringify(substitute(json, subs));
    this.substitutions = subs;
    // Beside the cloud assembly (cdk.out), which CDK stages it into: nothing left in the temp folder.
    const dir = path.join(Stage.of(scope)?.outdir ?? os.tmpdir(), 'dagstep-definitions');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)}.asl.json`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, text);
    const asset = new s3assets.Asset(scope, 'DefinitionBody', { path: file });
    return { definitionS3Location: { bucket: asset.s3BucketName, key: asset.s3ObjectKey } };
  }

  /** Sets the substitutions the definition's `${...}` placeholders need on the state machine. */
  public applySubstitutions(machine: sfn.StateMachine): void {
    const cfn = machine.node.defaultChild as sfn.CfnStateMachine;
    cfn.definitionSubstitutions = { ...this.substitutions };
  }
}

/** Replaces CloudFormation intrinsics inside resolved JSON by `${Key}` placeholders, recording each. */
function substitute(v: unknown, subs: Record<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => substitute(x, subs));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const placeholder = intrinsicToPlaceholder(o, subs);
    if (placeholder !== undefined) return placeholder;
    // A loop, not Object.fromEntries(Object.entries(...)): this walks every state of 10,000-task definitions.
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = substitute(o[k], subs);
    return out;
  }
  return v;
}

function intrinsicToPlaceholder(o: Record<string, unknown>, subs: Record<string, string>): string | undefined {
  if ('Ref' in o) {
    const ref = String(o.Ref);
    const key = ref.replace(/[^A-Za-z0-9_]/g, '_');
    // Each reference gets its token once (every Task of a function names the same ARN).
    if (!(key in subs)) {
      subs[key] = ref === 'AWS::Partition' ? Aws.PARTITION : ref === 'AWS::Region' ? Aws.REGION
        : ref === 'AWS::AccountId' ? Aws.ACCOUNT_ID : Fn.ref(ref);
    }
    return `\${${key}}`;
  }
  if ('Fn::GetAtt' in o) {
    const [res, attr] = o['Fn::GetAtt'] as [string, string];
    const key = `${res}_${attr.replace(/[^A-Za-z0-9_]/g, '_')}`;
    if (!(key in subs)) subs[key] = Fn.getAtt(res, attr).toString();
    return `\${${key}}`;
  }
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => (typeof p === 'string' ? p : intrinsicToPlaceholder(p as Record<string, unknown>, subs) ?? JSON.stringify(p))).join(sep);
  }
  return undefined;
}
