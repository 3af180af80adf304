// eslint-disable-next-line @typescript-eslint/no-require-imports -- asl-validator ships no ES module typings
const aslValidator = require('asl-validator') as (d: unknown, o?: object) => { isValid: boolean; errorsText: (sep?: string) => string };

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
