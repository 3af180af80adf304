/* eslint-disable @typescript-eslint/no-require-imports -- asl-validator ships no ES module typings; ajv is patched through its CommonJS exports */
const ajvModule = require('ajv') as { default: new (options?: { schemas?: unknown[] }) => object };
const aslValidator = require('asl-validator') as (d: unknown, o?: object) => { isValid: boolean; errorsText: (sep?: string) => string };
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * asl-validator builds a new Ajv from its fifteen schemas on every call
 * (node_modules/asl-validator/dist/src/checks/json-schema-errors.js) and compiles them again: about
 * 40 ms a definition, 10 s of the suite's CPU. Its Ajv is built through `require('ajv').default`,
 * read at each call, so the Ajv it asks for with its own schemas (always the same options: ours are
 * asl-validator's defaults) is built once per test file and reused. It re-adds the same formats and
 * keywords on each call: formats replace themselves, keywords already defined are kept.
 * Verdicts are unchanged (test/support/asl.test.ts).
 */
function shareAslValidatorsAjv(): void {
  const Ajv = ajvModule.default;
  const ASL_SCHEMA = 'http://asl-validator.cloud/';
  let shared: object | undefined;
  function SharedAjv(options?: { schemas?: unknown[] }): object {
    const ours = options?.schemas?.some((s) => String((s as { $id?: string }).$id ?? '').startsWith(ASL_SCHEMA)) ?? false;
    if (!ours) return new Ajv(options);
    if (shared === undefined) {
      type Keyword = string | { keyword: string | string[] };
      const ajv = new Ajv(options) as { addKeyword(d: Keyword): unknown; getKeyword(k: string): unknown };
      // ajv-formats defines its keywords (formatMaximum…) on each call: the second time, keep the first.
      const addKeyword = ajv.addKeyword.bind(ajv);
      const names = (d: Keyword): string[] => (typeof d === 'string' ? [d] : [d.keyword].flat());
      ajv.addKeyword = (d) => (names(d).every((k) => ajv.getKeyword(k)) ? ajv : addKeyword(d));
      shared = ajv;
    }
    return shared;
  }
  ajvModule.default = SharedAjv as unknown as typeof Ajv;
}
shareAslValidatorsAjv();

/** Replaces `${...}` CloudFormation placeholders with plausible concrete values (as deployed). */
export function concretize(definition: unknown): unknown {
  return JSON.parse(JSON.stringify(definition)
    .replace(/\$\{AWS::Partition\}/g, 'aws')
    .replace(/\$\{([A-Za-z0-9]+)\.Arn\}/g, (_, id: string) => (/StateMachine/.test(id)
      ? `arn:aws:states:eu-west-1:123456789012:stateMachine:${id}` : `arn:aws:lambda:eu-west-1:123456789012:function:${id}`))
    // A task function's published version (Ref of AWS::Lambda::Version: a qualified function ARN).
    .replace(/\$\{([A-Za-z0-9]+CurrentVersion[A-Za-z0-9]+)\}/g, (_, id: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${id.slice(0, 64)}:1`)
    .replace(/\$\{([A-Za-z0-9]+)\}/g, (_, id: string) => (/Table/.test(id) ? id : `https://sqs.eu-west-1.amazonaws.com/123456789012/${id}`)));
}

/** asl-validator's verdict on a compiled definition, after concretizing its placeholders. */
export function validateAsl(definition: unknown): string {
  const r = aslValidator(concretize(definition));
  return r.isValid ? '' : r.errorsText('\n');
}
